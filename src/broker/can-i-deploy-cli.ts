/** `npm run can-i-deploy`: see the usage in ./can-i-deploy.ts. */

import { canIDeploy } from "./can-i-deploy.js";
import { main } from "./command.js";

await main(canIDeploy);
