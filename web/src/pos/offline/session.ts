/**
 * The till's open register session as last read from the server, kept on the device (localStorage,
 * per store and till) so that a till reloaded while offline still knows its session is open and
 * keeps selling into it. Forgotten as soon as the server says the till has no open session.
 */
const keyOf = (storeId: string, registerId: string) => `comptoir.pos.session.${storeId}.${registerId}`;

export function rememberSession<S extends { status: string }>(
  storeId: string,
  registerId: string,
  session: S | undefined,
): void {
  if (session?.status === 'open') localStorage.setItem(keyOf(storeId, registerId), JSON.stringify(session));
  else localStorage.removeItem(keyOf(storeId, registerId));
}

export function rememberedSession<S>(storeId: string, registerId: string): S | undefined {
  try {
    const raw = localStorage.getItem(keyOf(storeId, registerId));
    return raw ? (JSON.parse(raw) as S) : undefined;
  } catch {
    return undefined;
  }
}
