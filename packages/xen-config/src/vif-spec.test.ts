import { describe, expect, it } from "vitest";
import { parseVifSpec, renderVifSpec, XenVifSpecError } from "./index.js";

describe("parseVifSpec", () => {
  it("reads every key xl knows", () => {
    const vif = parseVifSpec(
      "mac=00:16:3E:0a:7b:39,bridge=xenbr1, ip=10.0.0.2 10.0.0.3,vifname=web1.0,script=vif-bridge,rate=10Mb/s@20ms,model=e1000,type=ioemu,backend=netdom,gatewaydev=eth1,devid=2,mtu=9000,untrusted",
    );
    expect(vif).toMatchObject({
      mac: "00:16:3e:0a:7b:39",
      bridge: "xenbr1",
      ip: ["10.0.0.2", "10.0.0.3"],
      vifname: "web1.0",
      script: "vif-bridge",
      rate: { text: "10Mb/s@20ms", bytesPerInterval: 25000n, intervalUsecs: 20000 },
      model: "e1000",
      type: "ioemu",
      backend: "netdom",
      gatewaydev: "eth1",
      devid: 2,
      mtu: 9000,
      trusted: false,
    });
  });

  it("lets later keys win and skips empty pieces, as xl does", () => {
    expect(parseVifSpec("bridge=a,,bridge=b,").bridge).toBe("b");
  });

  it("reads macs the lenient way xl does", () => {
    expect(parseVifSpec("mac=0:16:3e:a:b:c").mac).toBe("00:16:3e:0a:0b:0c");
    expect(parseVifSpec("mac=00-16-3e-00-00-01").mac).toBe("00:16:3e:00:00:01");
  });

  it.each([
    ["mac=00:16:3e:zz:00:01", "invalid mac"],
    ["mac=00:16:3e", "invalid mac"],
    ["type=netfront", "invalid type `netfront`: xl accepts vif or ioemu"],
    ["colour=blue", "unrecognized argument `colour=blue`"],
    ["rate=10MB/m", "invalid rate"],
  ])("rejects %s", (spec, message) => {
    expect(() => parseVifSpec(spec)).toThrow(XenVifSpecError);
    expect(() => parseVifSpec(spec)).toThrow(message);
  });

  it("collects what xl create only reports, when not strict", () => {
    const vif = parseVifSpec("type=netfront,colour=blue,netdev=eth0,accel=x,bridge=b", { strict: false });
    expect(vif.bridge).toBe("b");
    expect(vif.gatewaydev).toBe("eth0");
    expect(vif.unknown).toEqual(["colour=blue"]);
    expect(vif.warnings).toHaveLength(4);
    expect(() => parseVifSpec("rate=fast", { strict: false })).toThrow(XenVifSpecError);
  });
});

describe("renderVifSpec", () => {
  it("writes a spec xl reads back", () => {
    const text = renderVifSpec({
      mac: "00:16:3e:00:00:01",
      bridge: "xenbr0",
      ip: ["10.0.0.2", "10.0.0.3"],
      rate: "10Mb/s",
      vifname: "web1",
    });
    expect(text).toBe("mac=00:16:3e:00:00:01,bridge=xenbr0,ip=10.0.0.2 10.0.0.3,vifname=web1,rate=10Mb/s");
    expect(parseVifSpec(text).ip).toEqual(["10.0.0.2", "10.0.0.3"]);
  });

  it("refuses values that cannot be written", () => {
    expect(() => renderVifSpec({ bridge: "a,b" })).toThrow(XenVifSpecError);
    expect(() => renderVifSpec({ mac: "nope" })).toThrow(XenVifSpecError);
  });
});
