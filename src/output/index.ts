export { writeArtifacts } from "./write.ts";
