/**
 * The DMAP tag table (dmap.md §3): whether a tag is a container and how its data is
 * typed. A tag missing from the table is kept as opaque bytes ("unknown") and skipped
 * by every reader, as pyatv does.
 */

/** How the data of a tag is read. */
export const DmapType = {
  Container: "container",
  Uint: "uint",
  String: "string",
  Bool: "bool",
  Bytes: "bytes",
  Plist: "plist",
} as const;
export type DmapType = (typeof DmapType)[keyof typeof DmapType];

export interface TagDefinition {
  readonly type: DmapType;
  readonly name: string;
}

const C = DmapType.Container;
const U = DmapType.Uint;
const S = DmapType.String;
const B = DmapType.Bool;
const X = DmapType.Bytes;
const P = DmapType.Plist;

const entries: readonly (readonly [string, DmapType, string])[] = [
  ["aeFP", U, "com.apple.itunes.req-fplay"],
  ["aeGs", B, "com.apple.itunes.can-be-genius-seed"],
  ["aeSV", U, "com.apple.itunes.music-sharing-version"],
  ["aelb", B, "com.apple.itunes.like-button"],
  ["aels", U, "com.apple.itunes.liked-state"],
  ["apro", U, "daap.protocolversion"],
  ["asai", U, "daap.songalbumid"],
  ["asal", S, "daap.songalbum"],
  ["asar", S, "daap.songartist"],
  ["asgr", U, "com.apple.itunes.gapless-resy"],
  ["astm", U, "daap.songtime"],
  ["ated", B, "daap.supportsextradata"],
  ["caar", U, "dacp.albumrepeat"],
  ["caas", U, "dacp.albumshuffle"],
  ["caci", C, "dacp.controlint"],
  ["cafe", B, "dacp.fullscreenenabled"],
  ["cafs", U, "dacp.fullscreen"],
  ["cana", S, "daap.nowplayingartist"],
  ["cang", S, "dacp.nowplayinggenre"],
  ["canl", S, "daap.nowplayingalbum"],
  ["cann", S, "daap.nowplayingtrack"],
  ["canp", X, "daap.nowplayingid"],
  ["cant", U, "dacp.remainingtime"],
  ["capr", U, "dacp.protocolversion"],
  ["caps", U, "dacp.playstatus"],
  ["carp", U, "dacp.repeatstate"],
  ["cash", U, "dacp.shufflestate"],
  ["cast", U, "dacp.tracklength"],
  ["casu", U, "dacp.su"],
  ["cavc", B, "dacp.volumecontrollable"],
  ["cave", B, "dacp.dacpvisualizerenabled"],
  ["cavs", U, "dacp.visualizer"],
  ["ceGS", S, "com.apple.itunes.genius-selectable"],
  ["ceQR", C, "com.apple.itunes.playqueue-contents-response"],
  ["ceSD", P, "playing metadata"],
  ["cmpa", C, "dacp.pairinganswer"],
  ["cmpg", U, "dacp.pairingguid"],
  ["cmpr", U, "dmcp.protocolversion"],
  ["cmsr", U, "dmcp.serverrevision"],
  ["cmst", C, "dmcp.playstatus"],
  ["cmty", S, "dacp.devicetype"],
  ["mdcl", C, "dmap.dictionary"],
  ["miid", U, "dmap.itemid"],
  ["minm", S, "dmap.itemname"],
  ["mlcl", C, "dmap.listing"],
  ["mlid", U, "dmap.sessionid"],
  ["mlit", C, "dmap.listingitem"],
  ["mlog", C, "dmap.loginresponse"],
  ["mpro", U, "dmap.protocolversion"],
  ["mrco", U, "dmap.returnedcount"],
  ["msal", B, "dmap.supportsautologout"],
  ["msbr", B, "dmap.supportsbrowse"],
  ["msdc", U, "dmap.databasescount"],
  ["msed", B, "dmap.supportsedit"],
  ["msex", B, "dmap.supportsextensions"],
  ["msix", B, "dmap.supportsindex"],
  ["mslr", B, "dmap.loginrequired"],
  ["mspi", B, "dmap.supportspersistentids"],
  ["msqy", B, "dmap.supportsquery"],
  ["msrv", C, "dmap.serverinforesponse"],
  ["mstc", U, "dmap.utctime"],
  ["mstm", U, "dmap.timeoutinterval"],
  ["msto", U, "dmap.utcoffset"],
  ["mstt", U, "dmap.status"],
  ["msup", B, "dmap.supportsupdate"],
  ["mtco", U, "dmap.containercount"],
  ["cmmk", U, "dmcp.mediakind"],
  ["cmnm", S, "dacp.devicename"],
  ["cmcp", C, "dmcp.controlprompt"],
  // DACP property responses (getproperty): not in pyatv's table, used by our volume support.
  ["cmgt", C, "dmcp.getpropertyresponse"],
  ["cmvo", U, "dmcp.volume"],
  // Seen with unknown meaning; typed as pyatv reads them.
  ...["aeFR", "aeSX", "asse", "atCV", "atSV", "caks", "caov", "casa", "casc", "cass"].map(
    (t) => [t, U, "unknown"] as const,
  ),
  ...["ceQA", "ceNQ", "cmik", "cmsb", "cmsc", "cmsp", "cmsv", "mscu"].map((t) => [t, U, "unknown"] as const),
  ...["ceQU", "ceMQ", "ceQu"].map((t) => [t, B, "unknown"] as const),
  ...["aead", "capl", "ceNR"].map((t) => [t, X, "unknown"] as const),
  ...["cmbe", "cmcc", "cmce", "cmte"].map((t) => [t, S, "unknown"] as const),
];

const table: ReadonlyMap<string, TagDefinition> = new Map(
  entries.map(([tag, type, name]) => [tag, Object.freeze({ type, name })]),
);

/** The definition of a tag, or undefined for a tag atv does not know (kept as bytes, skipped). */
export function lookupTag(tag: string): TagDefinition | undefined {
  return table.get(tag);
}

/** Every known tag (for tests and tools). */
export function knownTags(): ReadonlyMap<string, TagDefinition> {
  return table;
}
