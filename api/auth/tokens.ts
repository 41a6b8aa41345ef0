/** Signed access tokens (HS256, jose). The key comes from the environment (JWT_SECRET). */
import { SignJWT, jwtVerify } from 'jose';
import type { RoleName } from '../../rules/policy.ts';

export interface TokenClaims {
  sub: string;
  username: string;
  role: RoleName;
  regionId: string;
}

const ISSUER = 'poverty-exit-engine';
export const TOKEN_TTL = '8h';

export function secretKey(secret: string): Uint8Array {
  if (secret.length < 32) throw new Error('the token secret must have at least 32 characters');
  return new TextEncoder().encode(secret);
}

export function signToken(claims: TokenClaims, key: Uint8Array): Promise<string> {
  return new SignJWT({ username: claims.username, role: claims.role, regionId: claims.regionId })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(TOKEN_TTL)
    .sign(key);
}

/**
 * A token must carry its expiry and issue time, and live no longer than TOKEN_TTL since it was
 * issued: a token signed without `exp` (or with a far one) is refused, not valid forever.
 */
export async function verifyToken(token: string, key: Uint8Array): Promise<TokenClaims> {
  const { payload } = await jwtVerify(token, key, {
    issuer: ISSUER,
    algorithms: ['HS256'],
    requiredClaims: ['exp', 'iat', 'sub'],
    maxTokenAge: TOKEN_TTL,
  });
  return { sub: String(payload.sub), username: String(payload.username), role: payload.role as RoleName, regionId: String(payload.regionId) };
}
