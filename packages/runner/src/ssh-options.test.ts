import { describe, expect, it } from "vitest";
import {
  sshBaseArgs,
  sshEndpointOf,
  SshOptionsError,
  validateSshOptions,
  type SshRunnerOptions,
} from "./ssh-options.js";

const valid: SshRunnerOptions = { destination: "root@dom0.example.net" };

describe("validateSshOptions", () => {
  it("accepts a destination, an alias or an address", () => {
    for (const destination of ["root@dom0.example.net", "dom0", "root@[2001:db8::1]", "10.0.0.1"]) {
      expect(() => validateSshOptions({ destination })).not.toThrow();
    }
  });

  it.each([
    [{ destination: "-oProxyCommand=touch /tmp/x" }, "destination"],
    [{ destination: "root@dom0 rm -rf /" }, "destination"],
    [{ destination: "" }, "destination"],
    [{ ...valid, port: 70_000 }, "port"],
    [{ ...valid, port: 0 }, "port"],
    [{ ...valid, connectTimeoutMs: -5 }, "connectTimeoutMs"],
    [{ ...valid, identityFile: "key\nfile" }, "identityFile"],
    [{ ...valid, knownHostsFile: 'a"b' }, "knownHostsFile"],
    [{ ...valid, strictHostKeyChecking: "no" as "yes" }, "strictHostKeyChecking"],
    [{ ...valid, sshOptions: { ControlPath: "/tmp/x" } }, "sshOptions.ControlPath"],
    [{ ...valid, sshOptions: { batchmode: "no" } }, "sshOptions.batchmode"],
    [{ ...valid, sshOptions: { "Proxy Jump": "x" } }, "sshOptions.Proxy Jump"],
    [{ ...valid, sshOptions: { ProxyJump: "a\nb" } }, "sshOptions.ProxyJump"],
  ])("rejects %j, naming %s", (options, option) => {
    const error = (() => {
      try {
        validateSshOptions(options);
        return undefined;
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(SshOptionsError);
    expect(error).toMatchObject({ code: "SSH_OPTIONS_INVALID", option });
  });
});

describe("sshBaseArgs", () => {
  it("turns prompts off, checks host keys strictly and forwards nothing by default", () => {
    const args = sshBaseArgs(valid, undefined).join(" ");
    expect(args).toContain("-o BatchMode=yes");
    expect(args).toContain("-o StrictHostKeyChecking=yes");
    expect(args).toContain("-o ConnectTimeout=10");
    expect(args).toContain("-o ClearAllForwardings=yes");
    expect(args).toMatch(/^-x -a /);
  });

  it("passes paths literally, escaping ssh's % tokens", () => {
    const args = sshBaseArgs(
      {
        ...valid,
        identityFile: "/keys/100%/id",
        knownHostsFile: "/kh/with space",
        port: 2222,
        user: "admin",
      },
      "/tmp/dom0kit-ssh-x/master",
    );
    expect(args).toEqual(
      expect.arrayContaining([
        "-i",
        "/keys/100%%/id",
        'UserKnownHostsFile="/kh/with space"',
        "-S",
        "/tmp/dom0kit-ssh-x/master",
      ]),
    );
    expect(args.join(" ")).toContain("-p 2222 -l admin");
  });

  it("adds extra -o options after its own", () => {
    expect(sshBaseArgs({ ...valid, sshOptions: { ProxyJump: "bastion" } }, undefined)).toContain(
      "ProxyJump=bastion",
    );
  });
});

describe("sshEndpointOf", () => {
  it("names the destination and the -p and -F the runner passes", () => {
    const options = { ...valid, port: 2222, configFile: "/etc/dom0kit/ssh_config" };
    expect(sshEndpointOf(options)).toEqual({
      destination: "root@dom0.example.net",
      port: 2222,
      configFile: "/etc/dom0kit/ssh_config",
    });
    const args = sshBaseArgs(options, undefined);
    expect(args.slice(0, 2)).toEqual(["-F", "/etc/dom0kit/ssh_config"]);
    expect(args[args.indexOf("-p") + 1]).toBe("2222");
  });

  it("leaves the port and config file to ssh when the options do", () => {
    expect(sshEndpointOf(valid)).toEqual({
      destination: "root@dom0.example.net",
      port: undefined,
      configFile: undefined,
    });
    expect(sshBaseArgs(valid, undefined)).not.toContain("-p");
  });
});
