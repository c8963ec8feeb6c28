import type { ShopInstallation } from "../pipeline/installation-store.js";

/** The tokens of one installation; sealed at rest by the implementation. */
export interface ShopTokens {
  accessToken: string;
  refreshToken: string | null;
}

/** Port: one tenant's installation and its tokens, saved together so a rotation is never half-stored. */
export interface ShopTokenStore {
  load(): Promise<{ installation: ShopInstallation; tokens: ShopTokens } | undefined>;
  save(installation: ShopInstallation, tokens: ShopTokens): Promise<void>;
}
