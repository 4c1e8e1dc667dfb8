import { UserError } from '../errors.js';

interface HttpLikeError {
  status?: number;
  message?: string;
  name?: string;
  code?: string;
  cause?: unknown;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

/**
 * GitHub's API could not answer: the host unreachable or silent, a 5xx, a rate limit. Git may still reach
 * the same repositories, so the resolver falls back to it on this error, and on no other.
 */
export class GitHubUnavailable extends UserError {
  override name = 'GitHubUnavailable';
  constructor(
    /** What happened, without the advice: for a line that goes on to say what was done instead. */
    readonly summary: string,
    advice: string,
    separator = ': ',
  ) {
    super(`${summary}${separator}${advice}`);
  }
}

/**
 * Turns whatever the HTTP stack threw into one line that names the host and
 * says what to do. Never includes request headers, so a token cannot leak.
 */
export function describeRequestError(
  error: unknown,
  host: string,
  context: { authenticated: boolean; attempts: number; timeoutMs: number },
): Error {
  if (error instanceof UserError) return error;
  const e = (error ?? {}) as HttpLikeError;
  if (error instanceof InvalidResponseError) {
    return new GitHubUnavailable(
      `${host} sent a response that is not valid JSON (cut off?)${attempts(context.attempts)}`,
      'try again',
    );
  }
  // Octokit reports a transport failure as a status 500 with no response.
  if (e.response === undefined && (e.status === undefined || e.status === 500))
    return describeTransportError(e, host, context);
  const status = e.status;
  const headers = e.response?.headers ?? {};
  if (status === 401) {
    return new UserError(`${host} rejected the token (401 Bad credentials): check GITHUB_TOKEN or GH_TOKEN`);
  }
  if (
    (status === 403 || status === 429) &&
    (headers['x-ratelimit-remaining'] === '0' || isRateLimitedGraphql(e.response?.data))
  ) {
    const reset = Number(headers['x-ratelimit-reset']);
    const when = Number.isFinite(reset) && reset > 0 ? resetDescription(reset) : 'within the hour';
    const advice = context.authenticated
      ? 'the token allows 5,000 requests an hour'
      : 'set GITHUB_TOKEN or GH_TOKEN to raise the limit from 60 to 5,000 requests an hour';
    return new GitHubUnavailable(
      `${host}: API rate limit exhausted`,
      `it resets ${when}. ${capitalize(advice)}, or use --offline`,
      '; ',
    );
  }
  if (status === 403 || status === 429) {
    const retryAfter = headers['retry-after'];
    return new GitHubUnavailable(
      `${host} is throttling requests (${status}${retryAfter ? `, retry after ${retryAfter} s` : ''})`,
      'wait a minute and run again',
    );
  }
  if (status !== undefined && status >= 500) {
    return new GitHubUnavailable(
      `${host} answered ${status}${reasons[status] ? ` ${reasons[status]}` : ''}${attempts(context.attempts)}`,
      'GitHub may be having trouble; try again later',
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** Thrown by the client when a body that must be JSON is not: a cut-off or garbled response. */
export class InvalidResponseError extends Error {
  override name = 'InvalidResponseError';
}

type TransportFailure = 'timeout' | 'refused' | 'unknown-host' | 'bad-port' | 'dropped';

/** What went wrong below HTTP, from the fetch error and its causes (undici nests the socket error there). */
function transportFailure(e: HttpLikeError): TransportFailure {
  const chain: HttpLikeError[] = [];
  for (let link: unknown = e; link && chain.length < 4; link = (link as HttpLikeError).cause)
    chain.push(link as HttpLikeError);
  const names = chain.map((c) => c.name ?? '');
  const codes = chain.map((c) => c.code ?? '');
  const text = chain.map((c) => c.message ?? '').join(' ');
  if (names.includes('TimeoutError') || names.includes('AbortError') || /timeout|aborted/i.test(text)) return 'timeout';
  if (codes.includes('ECONNREFUSED')) return 'refused';
  // undici's own refusal, before any connection: a port of the fetch standard's "bad ports" list.
  if (chain.some((c) => c.message === 'bad port')) return 'bad-port';
  if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN')) return 'unknown-host';
  return 'dropped';
}

/**
 * Whether the host's failure holds for the rest of the command, so that no later request should wait for
 * it again: it stayed silent for a whole try, refused the connection, has no address, or is on a bad port.
 */
export function lastsTheCommand(error: unknown): boolean {
  const e = (error ?? {}) as HttpLikeError;
  if (error instanceof UserError || error instanceof InvalidResponseError) return false;
  return e.response === undefined && (e.status === undefined || e.status === 500) && transportFailure(e) !== 'dropped';
}

/**
 * Whether another try soon may succeed where this one failed fast: a 5xx, or a connection reset or dropped.
 * Not a silent server (its try already took the whole timeout), a refused connection or an unknown host
 * (the same answer again), nor any 4xx (rate limits are the throttling plugin's).
 */
export function isTransient(error: unknown): boolean {
  const e = (error ?? {}) as HttpLikeError;
  if (error instanceof UserError || error instanceof InvalidResponseError) return false;
  if (e.response === undefined && (e.status === undefined || e.status === 500))
    return transportFailure(e) === 'dropped';
  return e.status !== undefined && e.status >= 500 && e.status <= 504;
}

/**
 * The seconds a 429 asks us to wait, when it says (Retry-After) and it is at most `maxSeconds`; undefined
 * otherwise. An exhausted hourly limit is not this: it lasts until its reset, and is reported.
 */
export function shortRetryAfter(error: unknown, maxSeconds: number): number | undefined {
  const e = (error ?? {}) as HttpLikeError;
  const headers = e.response?.headers ?? {};
  if (e.status !== 429 || headers['x-ratelimit-remaining'] === '0') return undefined;
  const seconds = Number(headers['retry-after']);
  return Number.isFinite(seconds) && seconds >= 0 && seconds <= maxSeconds ? seconds : undefined;
}

function describeTransportError(
  e: HttpLikeError,
  host: string,
  context: { attempts: number; timeoutMs: number },
): Error {
  const tries = attempts(context.attempts);
  switch (transportFailure(e)) {
    case 'timeout':
      return new GitHubUnavailable(
        `${host} did not answer within ${duration(context.timeoutMs)}${tries}`,
        'check your connection, or use --offline',
      );
    case 'refused':
      return new GitHubUnavailable(
        `cannot connect to ${host} (connection refused)`,
        'check --github-url or GITHUB_API_URL',
      );
    case 'unknown-host':
      return new GitHubUnavailable(`cannot resolve ${host}`, 'check your connection, or use --offline');
    case 'bad-port':
      return new GitHubUnavailable(
        `cannot use ${host}: its port is one that fetch refuses to connect to (a "bad port" of the WHATWG fetch standard, such as 1, 9 or 6000)`,
        'give --github-url or GITHUB_API_URL another port',
      );
    case 'dropped':
      return new GitHubUnavailable(`lost the connection to ${host} before it answered${tries}`, 'try again');
  }
}

const reasons: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function attempts(count: number): string {
  return count > 1 ? ` after ${count} tries` : '';
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

function resetDescription(resetEpochSeconds: number): string {
  const at = new Date(resetEpochSeconds * 1000);
  const minutes = Math.max(0, Math.ceil((at.getTime() - Date.now()) / 60_000));
  return `at ${at.toISOString().slice(11, 16)} UTC (in ${minutes} min)`;
}

function isRateLimitedGraphql(data: unknown): boolean {
  const errors = (data as { errors?: { type?: string }[] } | undefined)?.errors;
  return Array.isArray(errors) && errors.some((e) => e.type === 'RATE_LIMITED');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
