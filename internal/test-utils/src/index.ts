export { chunked, splits } from "./chunked.js";
export { until } from "./until.js";
export { loadVector, sharedDir, hex, unhex } from "./vectors.js";
export { netnsUnavailableReason } from "./netns.js";
export {
  createLink,
  runIn,
  spawnIn,
  startAvahi,
  startDbus,
  teardown,
  type Link,
  type Proc,
  type Side,
} from "./netns-peers.js";
