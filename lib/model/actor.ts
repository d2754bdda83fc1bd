/** The signed-in user (session cookie) or token holder acting on a request. */
export type Actor = { id: string; email: string; role: 'ADMIN' | 'DEVELOPER' };
