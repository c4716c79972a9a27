export {
  inCi,
  integrationPrerequisites,
  type PrerequisiteVerdict,
  type Prerequisites,
} from "./prerequisites.js";
export { testTempDir } from "./temp-dir.js";
export { freePort } from "./free-port.js";
export { uniqueName } from "./unique-name.js";
export { expectReadmeShows, markdownCodeBlocks } from "./readme-examples.js";
export { startTestSshd, type TestSshd, type TestSshdOptions } from "./test-sshd.js";
