import type { GovshareClient } from '@govshare/client';
import { answerOf } from '../api.ts';
import type { AuthProvider } from './auth-provider.ts';
import { SessionTokens } from './auth-provider.ts';

/**
 * The local development issuer (`npm start` only): the sign-in page lists the sample people
 * (GET /v1/dev/users) and asks for a token for the one chosen (POST /v1/dev/token).
 */
export class DevelopmentAuth implements AuthProvider {
  readonly kind = 'development' as const;

  constructor(private readonly tokens: SessionTokens = new SessionTokens()) {}

  token() {
    return this.tokens.token();
  }

  subscribe(listener: () => void) {
    return this.tokens.subscribe(listener);
  }

  signOut() {
    this.tokens.clear();
  }

  forget() {
    this.tokens.clear();
  }

  async signInAs(client: GovshareClient, userId: string) {
    const issued = await answerOf(client.POST('/v1/dev/token', { body: { userId } }));
    this.tokens.store(issued.access_token, issued.expires_in);
  }
}
