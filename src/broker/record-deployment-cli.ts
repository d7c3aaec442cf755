/** `npm run record-deployment`: see the usage in ./record-deployment.ts. */
import { main } from "./command.js";
import { recordDeployment } from "./record-deployment.js";

await main(recordDeployment);
