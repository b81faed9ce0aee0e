/**
 * SRP-6a vectors: RFC 5054 Appendix B (1024-bit group, SHA-1) and the HAP specification's vector
 * for HAP's parameters (3072-bit group, g = 5, SHA-512, I = "alice", P = "password123"; the spec
 * prints v, A, B, u, S and K for these a, b and salt).
 */
import { hex, unhex } from "@atv/test-utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ProtocolError, SrpClient, SrpServer, srpVerifier } from "../src/index.js";

const I = "alice";
const P = "password123";
const salt = unhex("BEB25379D1A8581EB5A727673A2441EE");
const a = unhex("60975527035CF2AD1989806F0407210BC81EDC04E2762A56AFD529DDDA2D4393");
const b = unhex("E487CB59D31AC550471E81F00F6928E01DDA08E974A004F49E61F5D105284D20");

/** Lower-case hex of a big-endian number, left-padded to `bytes`. */
const padded = (value: string, bytes: number): string => value.toLowerCase().padStart(bytes * 2, "0");

describe("RFC 5054 Appendix B (1024-bit, SHA-1)", () => {
  const v =
    "7E273DE8696FFC4F4E337D05B4B375BEB0DDE1569E8FA00A9886D8129BADA1F1822223CA1A605B530E379BA4729FDC59F105B4787E5186F5C671085A1447B52A48CF1970B4FB6F8400BBF4CEBFBB168152E08AB5EA53D15C1AFF87B2B9DA6E04E058AD51CC72BFC9033B564E26480D78E955A5E29E7AB245DB2BE315E2099AFB";
  const A =
    "61D5E490F6F1B79547B0704C436F523DD0E560F0C64115BB72557EC44352E8903211C04692272D8B2D1A5358A2CF1B6E0BFCF99F921530EC8E39356179EAE45E42BA92AEACED825171E1E8B9AF6D9C03E1327F44BE087EF06530E69F66615261EEF54073CA11CF5858F0EDFDFE15EFEAB349EF5D76988A3672FAC47B0769447B";
  const B =
    "BD0C61512C692C0CB6D041FA01BB152D4916A1E77AF46AE105393011BAF38964DC46A0670DD125B95A981652236F99D9B681CBF87837EC996C6DA04453728610D0C6DDB58B318885D7D82C7F8DEB75CE7BD4FBAA37089E6F9C6059F388838E7A00030B331EB76840910440B1B27AAEAEEB4012B7D7665238A8E3FB004B117B58";
  const u = "CE38B9593487DA98554ED47D70A7AE5F462EF019";
  const S =
    "B0DC82BABCF30674AE450C0287745E7990A3381F63B387AAF271A10D233861E359B48220F7C4693C9AE12B0A6F67809F0876E2D013800D6C41BB59B6D5979B5C00A172B4A2A5903A0BDCAF8A709585EB2AFAFA8F3499B200210DCC1F10EB33943CD67FC88A2F39A4BE5BEC4EC0A3212DC346D7E474B29EDE8A469FFECA686E5A";
  const group = "rfc5054-1024" as const;

  it("verifier, A, B, u and the premaster secret S", () => {
    expect(hex(srpVerifier({ salt, username: I, password: P, group }))).toBe(padded(v, 128));
    const client = new SrpClient({ salt, username: I, password: P, privateKey: a, group });
    const server = new SrpServer({ salt, username: I, password: P, privateKey: b, group });
    expect(hex(client.publicKey)).toBe(padded(A, 128));
    expect(hex(server.publicKey)).toBe(padded(B, 128));
    client.setServerPublicKey(server.publicKey);
    server.setClientPublicKey(client.publicKey);
    expect(hex(client._debug().u ?? new Uint8Array())).toBe(u.toLowerCase());
    expect(hex(client._debug().S ?? new Uint8Array())).toBe(padded(S, 128));
    expect(hex(server._debug().S ?? new Uint8Array())).toBe(padded(S, 128));
    expect(server.verifyClientProof(client.proof)).toBe(true);
    expect(client.verifyServerProof(server.proof)).toBe(true);
    expect(hex(client.sessionKey)).toBe(hex(server.sessionKey));
  });
});

describe("HAP specification SRP vector (3072-bit, g = 5, SHA-512)", () => {
  const v =
    "9B5E061701EA7AEB39CF6E3519655A853CF94C75CAF2555EF1FAF759BB79CB477014E04A88D68FFC05323891D4C205B8DE81C2F203D8FAD1B24D2C109737F1BEBBD71F912447C4A03C26B9FAD8EDB3E780778E302529ED1EE138CCFC36D4BA313CC48B14EA8C22A0186B222E655F2DF5603FD75DF76B3B08FF8950069ADD03A754EE4AE88587CCE1BFDE36794DBAE4592B7B904F442B041CB17AEBAD1E3AEBE3CBE99DE65F4BB1FA00B0E7AF06863DB53B02254EC66E781E3B62A8212C86BEB0D50B5BA6D0B478D8C4E9BBCEC21765326FBD14058D2BBDE2C33045F03873E53948D78B794F0790E48C36AED6E880F557427B2FC06DB5E1E2E1D7E661AC482D18E528D7295EF7437295FF1A72D402771713F16876DD050AE5B7AD53CCB90855C93956648358ADFD966422F52498732D68D1D7FBEF10D78034AB8DCB6F0FCF885CC2B2EA2C3E6AC86609EA058A9DA8CC63531DC915414DF568B09482DDAC1954DEC7EB714F6FF7D44CD5B86F6BD115810930637C01D0F6013BC9740FA2C633BA89";
  const A =
    "FAB6F5D2615D1E323512E7991CC37443F487DA604CA8C9230FCB04E541DCE6280B27CA4680B0374F179DC3BDC7553FE62459798C701AD864A91390A28C93B644ADBF9C00745B942B79F9012A21B9B78782319D83A1F8362866FBD6F46BFC0DDB2E1AB6E4B45A9906B82E37F05D6F97F6A3EB6E182079759C4F6847837B62321AC1B4FA68641FCB4BB98DD697A0C73641385F4BAB25B793584CC39FC8D48D4BD867A9A3C10F8EA12170268E34FE3BBE6FF89998D60DA2F3E4283CBEC1393D52AF724A57230C604E9FBCE583D7613E6BFFD67596AD121A8707EEC46944957033686A155F644D5C5863B48F61BDBF19A53EAB6DAD0A186B8C152E5F5D8CAD4B0EF8AA4EA5008834C3CD342E5E0F167AD04592CD8BD279639398EF9E114DFAAAB919E14E850989224DDD98576D79385D2210902E9F9B1F2D86CFA47EE244635465F71058421A0184BE51DD10CC9D079E6F1604E7AA9B7CF7883C7D4CE12B06EBE16081E23F27A231D18432D7D1BB55C28AE21FFCF005F57528D15A88881BB3BBB7FE";
  const B =
    "40F57088A482D4C7733384FE0D301FDDCA9080AD7D4F6FDF09A01006C3CB6D562E41639AE8FA21DE3B5DBA7585B275589BDB279863C562807B2B99083CD1429CDBE89E25BFBD7E3CAD3173B2E3C5A0B174DA6D5391E6A06E465F037A4006254839A56BF76DA84B1C94E0AE208576156FE5C140A4BA4FFC9E38C3B07B88845FC6F7DDDA93381FE0CA6084C4CD2D336E5451C464CCB6EC65E7D16E548A273E826284AF2559B6264274215960FFF47BDD63D3AFF064D6137AF769661C9D4FEE47382603C88EAA0980581D07758461B777E4356DDA5835198B51FEEA308D70F75450B71675C08C7D8302FD7539DD1FF2A11CB4258AA70D234436AA42B6A0615F3F915D55CC3B966B2716B36E4D1A06CE5E5D2EA3BEE5A1270E8751DA45B60B997B0FFDB0F9962FEE4F03BEE780BA0A845B1D9271421783AE6601A61EA2E342E4F2E8BC935A409EAD19F221BD1B74E2964DD19FC845F60EFC09338B60B6B256D8CAC889CCA306CC370A0B18C8B886E95DA0AF5235FEF4393020D2B7F3056904759042";
  const u =
    "03AE5F3C3FA9EFF1A50D7DBB8D2F60A1EA66EA712D50AE976EE34641A1CD0E51C4683DA383E8595D6CB56A15D5FBC7543E07FBDDD316217E01A391A18EF06DFF";
  const S =
    "F1036FECD017C8239C0D5AF7E0FCF0D408B009E36411618A60B23AABBFC383397268231214BAACDC94CA1C53F442FB51C1B027C318AE238E16414D60D1881B66486ADE10ED02BA33D098F6CE9BCF1BB0C46CA2C47F2F174C59A9C61E2560899B83EF61131E6FB30B714F4E43B735C9FE6080477C1B83E4093E4D456B9BCA492CF9339D45BC42E67CE6C02C243E49F5DA42A869EC855780E84207B8A1EA6501C478AAC0DFD3D22614F531A00D826B7954AE8B14A985A429315E6DD3664CF47181496A94329CDE8005CAE63C2F9CA4969BFE84001924037C446559BDBB9DB9D4DD142FBCD75EEF2E162C843065D99E8F05762C4DB7ABD9DB203D41AC85A58C05BD4E2DBF822A934523D54E0653D376CE8B56DCB4527DDDC1B994DC7509463A7468D7F02B1BEB1685714CE1DD1E71808A137F788847B7C6B7BFA1364474B3B7E89478954F6A8E68D45B85A88E4EBFEC13368EC0891C3BC86CF50097880178D86135E728723458538858D715B7B247406222C1019F53603F016952D497100858824C";
  const K =
    "5CBC219DB052138EE1148C71CD4498963D682549CE91CA24F098468F06015BEB6AF245C2093F98C3651BCA83AB8CAB2B580BBF02184FEFDF26142F73DF95AC50";

  it("verifier, A, B, u, S and K", () => {
    expect(hex(srpVerifier({ salt, username: I, password: P }))).toBe(padded(v, 384));
    const client = new SrpClient({ salt, username: I, password: P, privateKey: a });
    const server = new SrpServer({ salt, username: I, password: P, privateKey: b });
    expect(hex(client.publicKey)).toBe(padded(A, 384));
    expect(hex(server.publicKey)).toBe(padded(B, 384));
    client.setServerPublicKey(server.publicKey);
    server.setClientPublicKey(client.publicKey);
    expect(hex(client._debug().u ?? new Uint8Array())).toBe(padded(u, 64));
    expect(hex(server._debug().u ?? new Uint8Array())).toBe(padded(u, 64));
    expect(hex(client._debug().S ?? new Uint8Array())).toBe(padded(S, 384));
    expect(hex(client.sessionKey)).toBe(K.toLowerCase());
    expect(hex(server.sessionKey)).toBe(K.toLowerCase());
    expect(server.verifyClientProof(client.proof)).toBe(true);
    expect(client.verifyServerProof(server.proof)).toBe(true);
  });
});

describe("SRP-6a behaviour", () => {
  it("a wrong password gives a proof the server rejects, and no server proof", () => {
    const server = new SrpServer({ salt, password: "1234" });
    const client = new SrpClient({ salt, password: "1235" });
    client.setServerPublicKey(server.publicKey);
    server.setClientPublicKey(client.publicKey);
    expect(server.verifyClientProof(client.proof)).toBe(false);
    expect(() => server.proof).toThrow();
    expect(client.verifyServerProof(new Uint8Array(64))).toBe(false);
  });

  it("rejects B and A outside 1..N-1 (0, N, over-long) with ProtocolError", () => {
    const N = new SrpClient({ salt, password: "1" });
    expect(() => N.setServerPublicKey(new Uint8Array(384))).toThrow(ProtocolError);
    const modulus = unhex(
      "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
    );
    expect(() => new SrpClient({ salt, password: "1" }).setServerPublicKey(modulus)).toThrow(ProtocolError);
    expect(() =>
      new SrpClient({ salt, password: "1" }).setServerPublicKey(new Uint8Array(385).fill(1)),
    ).toThrow(ProtocolError);
    expect(() => new SrpServer({ salt, password: "1" }).setClientPublicKey(new Uint8Array(0))).toThrow(
      ProtocolError,
    );
    expect(() => new SrpServer({ salt, password: "1" }).setClientPublicKey(modulus)).toThrow(ProtocolError);
  });

  it("pads public keys sent without their leading zero byte (both directions)", () => {
    // b and a chosen (offline) so that B and A each have a leading zero byte for this salt/PIN.
    const bLeadingZero = unhex("E487CB59D31AC550471E81F00F6928E01DDA08E974A004F49E61F5D105284E3E");
    const aLeadingZero = unhex("60975527035CF2AD1989806F0407210BC81EDC04E2762A56AFD529DDDA2D48E3");
    const server = new SrpServer({ salt, password: "42", privateKey: bLeadingZero });
    const client = new SrpClient({ salt, password: "42", privateKey: aLeadingZero });
    expect(server.publicKey[0]).toBe(0);
    expect(client.publicKey[0]).toBe(0);
    client.setServerPublicKey(server.publicKey.subarray(1));
    server.setClientPublicKey(client.publicKey.subarray(1));
    expect(server.verifyClientProof(client.proof)).toBe(true);
    expect(client.verifyServerProof(server.proof)).toBe(true);
  });

  it("validates private keys", () => {
    expect(() => new SrpClient({ salt, password: "1", privateKey: new Uint8Array(16).fill(1) })).toThrow(
      RangeError,
    );
    expect(() => new SrpClient({ salt, password: "1", privateKey: new Uint8Array(32) })).toThrow(RangeError);
    expect(() => new SrpClient({ salt: new Uint8Array(), password: "1" })).toThrow(RangeError);
    expect(() => new SrpClient({ salt, password: "" })).toThrow(RangeError);
  });

  it("client and server agree for random PINs (property, few runs: 3072-bit modexp is slow)", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{4}$/),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (pin, s) => {
          const server = new SrpServer({ salt: s, password: pin });
          const client = new SrpClient({ salt: s, password: pin });
          client.setServerPublicKey(server.publicKey);
          server.setClientPublicKey(client.publicKey);
          expect(server.verifyClientProof(client.proof)).toBe(true);
          expect(client.verifyServerProof(server.proof)).toBe(true);
          expect(hex(client.sessionKey)).toBe(hex(server.sessionKey));
          client.dispose();
          server.dispose();
        },
      ),
      { numRuns: 3 },
    );
  });
});
