import type { Config } from "../config/config-schema.js";
import type { Clock } from "../lib/clock.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";

/**
 * Opens the configured store, migrates it and hands it to `use`; the store is closed when that fails
 * (the caller closes it otherwise).
 */
export async function openMigratedStore<T>(
  configured: Readonly<Config>,
  clock: Clock,
  use: (store: Store) => Promise<T>,
): Promise<T> {
  const store = await openStore(configured.store.url, { clock });
  try {
    await store.migrate();
    return await use(store);
  } catch (error) {
    await store.close();
    throw error;
  }
}
