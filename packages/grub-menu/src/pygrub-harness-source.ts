/**
 * The Python program {@link readMenusWithPygrub} runs: it loads pygrub itself
 * (its `Grub` class and `run_grub`, not a copy) and feeds it each menu through
 * a stand-in filesystem, so every menu goes through pygrub's real code path —
 * config discovery, the 1 MiB read limit, UTF-8 decoding, parsing, default
 * selection and `--entry` selection. Reads one JSON request per line on stdin,
 * writes one JSON answer per line on stdout.
 */
export const PYGRUB_HARNESS_SOURCE = String.raw`
import importlib.machinery, importlib.util, json, logging, sys

pygrub_path = sys.argv[1]
loader = importlib.machinery.SourceFileLoader("pygrub_main", pygrub_path)
spec = importlib.util.spec_from_loader("pygrub_main", loader)
pygrub = importlib.util.module_from_spec(spec)
loader.exec_module(pygrub)
pygrub.interactive = False
pygrub.list_entries = False

class Collect(logging.Handler):
    def __init__(self):
        logging.Handler.__init__(self, logging.WARNING)
        self.messages = []
    def emit(self, record):
        self.messages.append(record.getMessage())

collector = Collect()
root_logger = logging.getLogger()
root_logger.handlers = [collector]
root_logger.setLevel(logging.WARNING)

class File(object):
    def __init__(self, data):
        self.data = data
    def read(self, size):
        return self.data[:size]

class Filesystem(object):
    def __init__(self, path, data):
        self.path = path
        self.data = data
    def file_exists(self, path):
        return path == self.path
    def open_file(self, path):
        return File(self.data)

def device(part):
    if part is None:
        return None
    return {"disk": part.disk, "part": part.part}

def path(value):
    if value is None:
        return None
    return {"device": device(value[0]), "path": value[1]}

def describe(error):
    return "%s: %s" % (type(error).__name__, error)

for request_line in sys.stdin:
    request = json.loads(request_line)
    config_path = request["path"]
    fs = Filesystem(config_path, request["text"].encode("utf-8"))
    answer = {"id": request["id"]}
    collector.messages = []
    try:
        grub = pygrub.Grub("/dev/null", fs)
        cf = grub.cf
        answer["parser"] = type(cf).__name__
        answer["default"] = cf.default
        answer["timeout"] = None if cf.timeout == -1 else str(cf.timeout)
        answer["entries"] = [
            {"title": image.title, "root": device(image.root), "kernel": path(image.kernel),
             "args": image.args, "initrd": path(image.initrd)}
            for image in cf.images
        ]
        answer["warnings"] = list(collector.messages)
        choices = {}
        requested = [None] + [str(index) for index in range(len(cf.images))] + request.get("entries", [])
        for entry in requested:
            key = "default" if entry is None else entry
            try:
                chosen = pygrub.run_grub("/dev/null", entry, fs, "")
                index = pygrub.sel if 0 <= pygrub.sel < len(cf.images) else 0
                choices[key] = {"index": index, "kernel": chosen["kernel"],
                                "ramdisk": chosen["ramdisk"], "args": chosen["args"]}
            except Exception as error:
                choices[key] = {"error": describe(error)}
        answer["choices"] = choices
    except Exception as error:
        answer["error"] = describe(error)
        answer["warnings"] = list(collector.messages)
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
`;
