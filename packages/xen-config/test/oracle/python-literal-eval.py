"""Evaluates the Python subset of xm configs with CPython's own parser, never
executing the code: only literals, names assigned earlier, lists, tuples,
arithmetic and %-formatting are interpreted (with Python 2's integer division,
as xm ran under Python 2). Test oracle for dom0kit's parseXmConfig.

stdin: one JSON string per line (a config). stdout: one JSON line each:
{"ok": true, "values": {name: value}} or {"ok": false, "error": "..."}.
Values: {"int": "123"} {"float": 1.5} {"str": "x"} {"bool": true}
{"none": true} {"list": [...]} {"tuple": [...]}.
"""
import ast
import json
import operator
import sys

OPS = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow,
    ast.BitOr: operator.or_, ast.BitAnd: operator.and_, ast.BitXor: operator.xor,
    ast.LShift: operator.lshift, ast.RShift: operator.rshift,
}


class Unsupported(Exception):
    pass


def div(a, b):
    if isinstance(a, int) and isinstance(b, int):
        return a // b  # Python 2 semantics
    return a / b


def ev(node, env):
    if isinstance(node, ast.Constant):
        if isinstance(node.value, (bytes, complex)):
            raise Unsupported("constant")
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in env:
            raise NameError(node.id)
        return env[node.id]
    if isinstance(node, ast.List):
        return [ev(item, env) for item in node.elts]
    if isinstance(node, ast.Tuple):
        return tuple(ev(item, env) for item in node.elts)
    if isinstance(node, ast.UnaryOp):
        value = ev(node.operand, env)
        if isinstance(node.op, ast.USub):
            return -value
        if isinstance(node.op, ast.UAdd):
            return +value
        if isinstance(node.op, ast.Invert):
            return ~value
        raise Unsupported("unary")
    if isinstance(node, ast.BinOp):
        left, right = ev(node.left, env), ev(node.right, env)
        if isinstance(node.op, ast.Div):
            return div(left, right)
        if isinstance(node.op, ast.Pow) and isinstance(right, int) and right > 4096:
            raise Unsupported("exponent")
        if isinstance(node.op, ast.LShift) and isinstance(right, int) and right > 4096:
            raise Unsupported("shift")
        if type(node.op) in OPS:
            return OPS[type(node.op)](left, right)
    raise Unsupported(type(node).__name__)


def encode(value):
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, float):
        return {"float": value}
    if isinstance(value, str):
        return {"str": value}
    if value is None:
        return {"none": True}
    if isinstance(value, list):
        return {"list": [encode(item) for item in value]}
    if isinstance(value, tuple):
        return {"tuple": [encode(item) for item in value]}
    raise Unsupported(type(value).__name__)


def run(text):
    tree = ast.parse(text)
    env = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
            env[statement.targets[0].id] = ev(statement.value, env)
        elif isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name):
            current = env[statement.target.id]
            value = ev(statement.value, env)
            if isinstance(statement.op, ast.Div):
                env[statement.target.id] = div(current, value)
            else:
                env[statement.target.id] = OPS[type(statement.op)](current, value)
        else:
            raise Unsupported(type(statement).__name__)
    return {name: encode(value) for name, value in env.items()}


for line in sys.stdin:
    text = json.loads(line)
    try:
        print(json.dumps({"ok": True, "values": run(text)}))
    except Exception as error:  # the verdict is what matters
        print(json.dumps({"ok": False, "error": f"{type(error).__name__}: {error}"}))
    sys.stdout.flush()
