/**
 * `store migrate` for the CLI, which may not import store adapters itself (.dependency-cruiser.cjs,
 * only-main-builds-adapters): the copy of a whole store into an empty PostgreSQL store.
 */
export {
  type CopyStoreRequest,
  type CopyStoreResult,
  checkCopyUrls,
  copyStore,
  type TableCount,
} from "../store/migrate/copy-store.js";
