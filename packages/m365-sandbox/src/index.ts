/**
 * The sandbox tenant: a simulated Microsoft 365 (Entra ID + Graph mail) served over real HTTPS
 * on 127.0.0.1, for the demo, rule previews and tests. Clients reach it exactly as they reach
 * Microsoft (msal custom authority + Graph base URL), trusting only the CA it returns.
 */
import { randomBytes } from 'node:crypto';
import type { CrmSnapshot } from '@correspondent/contract';
import { graphMessageSchema } from '@correspondent/contract';
import { SandboxInputError } from './sandbox-input-error.js';
import { AppRegistration, DEFAULT_REQUIRED_PERMISSIONS } from './entra-app-registration.js';
import { EntraAppState } from './entra-app-state.js';
import { NATIVE_CLIENT_PATH } from './entra-authorize.js';
import { createEntraControls, type AccessPolicyInput, type EntraControls } from './entra-controls.js';
import { TenantStanding, type RegisteredIn } from './entra-tenant-standing.js';
import { ExchangeAccessScope } from './exchange-access-scope.js';
import { withGraphAuthorization } from './graph-authorization.js';
import { withMailAliases } from './entra-directory.js';
import { entraRoutes, graphAudiences } from './entra-routes.js';
import { tenantFromEnvelopes, type MessageEnvelope } from './envelopes.js';
import { generateDemoTenant } from './generator.js';
import { generateBenchTenant } from './bench-tenant.js';
import { graphError } from './graph-responses.js';
import { graphArchiveRoutes } from './graph-archive.js';
import { graphBatchRoutes } from './graph-batch.js';
import { requireBearer } from './graph-common.js';
import { graphDeltaRoutes } from './graph-delta.js';
import { graphDomainRoutes } from './graph-domains.js';
import { graphFolderDeltaRoutes } from './graph-folder-delta.js';
import { graphFolderRoutes } from './graph-folders.js';
import { graphGetMessageRoutes } from './graph-get-message.js';
import { graphListMessageRoutes } from './graph-list-messages.js';
import { graphUserRoutes } from './graph-users.js';
import { graphGroupRoutes } from './graph-groups.js';
import { seedGroups, type SeedGroup } from './directory-groups.js';
import type { RequestLogEntry, RouteHandler } from './http-types.js';
import { createIdFactory } from './ids.js';
import { graphDateTime } from './mail-content.js';
import type { Mailbox } from './mailbox.js';
import { createRng } from './prng.js';
import type { SandboxContext } from './sandbox-context.js';
import { startSandboxServer } from './server.js';
import { createStateTokenCodec } from './state-tokens.js';
import type { GroundTruthEntry, SuggestedSettings } from './tenant-seed.js';
import { TenantState } from './tenant-state.js';
import { createSandboxTls } from './tls.js';
import { createTokenIssuer } from './token-issuer.js';
import { DeltaStreams, type DeltaStreamOptions } from './delta-streams.js';
import { createGraphControls, type GraphControls } from './graph-controls.js';
import { DEFAULT_BEHAVIOURS, type GraphBehaviours } from './graph-behaviours.js';
import { DEFAULT_FIDELITY, type GraphFidelity } from './graph-fidelity.js';
import { GraphTraffic } from './graph-traffic.js';
import { EXCHANGE_LIMITS, type MailboxLimitOptions } from './mailbox-limits.js';
import { revocable } from './token-revocation.js';

export type { MessageEnvelope } from './envelopes.js';
export { parseEnvelopesJsonl } from './envelopes.js';
export type { GroundTruthEntry, SuggestedSettings } from './tenant-seed.js';
export type { BatchMemberLog, RequestLogEntry } from './http-types.js';
export type { FaultRule, FaultKind, RetryAfterForm } from './graph-faults.js';
export type { TrafficStats } from './graph-traffic.js';
export type { GraphControls } from './graph-controls.js';
export type { ConsentDecision } from './entra-app-state.js';
export type { RegisteredIn, SandboxConsentState } from './entra-tenant-standing.js';
export type { AccessPolicyInput, EntraControls } from './entra-controls.js';
export type { AccessRight } from './exchange-access-scope.js';
export { redirectUriMatches, DEFAULT_REQUIRED_PERMISSIONS } from './entra-app-registration.js';
export type { SeedGroup as SandboxGroup, GroupMemberRef as SandboxGroupMember } from './directory-groups.js';
export type { GraphBehaviours } from './graph-behaviours.js';

export type SandboxOptions = {
  /** 0 or absent: a free port. */
  port?: number;
  /** Generator seed (default 1). Also fixes the tenant id, client id and Graph ids. */
  seed?: number;
  /** 'bench': thousands of mailboxes generated lazily (see `bench`). */
  scale?: 'demo' | 'bench';
  /** Scale 'bench' only: mailboxes (default 5,000), messages per mailbox (2,000), mailboxes kept in memory (8). */
  bench?: { mailboxes?: number; messagesPerMailbox?: number; maxMaterialized?: number };
  /** Seed the mailboxes from these instead of the generator. */
  envelopes?: MessageEnvelope[];
  /** With envelopes: the CRM to expose (default: empty but for the mailbox owners as users). */
  crm?: CrmSnapshot;
  /** `expires_in` of access tokens (default 3599). */
  accessTokenLifetimeSeconds?: number;
  /** Injected time source (default: the system clock). Token expiry and generated dates follow it. */
  clock?: () => Date;
  /** Seeded Graph quirks (default: none but the 5,000 cap): empty pages, repeated items. */
  fidelity?: Partial<Omit<GraphFidelity, 'seed'>>;
  /** Real tenants' awkward behaviours to start with (graph-behaviours.ts); `setBehaviours` changes them later. */
  behaviours?: Partial<GraphBehaviours>;
  /** Per-mailbox limits (default Exchange's: 4 concurrent, 10,000 per 10 minutes). */
  limits?: Partial<MailboxLimitOptions>;
  /** Delta generations retained per stream (default 3) and streams cached (default 20,000). */
  deltaStreams?: DeltaStreamOptions;
  /** Generator only: add automated mail from customer domains (ground truth 'automated'). */
  includeAutomated?: boolean;
  /** Injected wait for latency and held responses (default: a real timer). */
  sleep?: (ms: number) => Promise<void>;
  /**
   * The app's standing at start (default 'granted', as the demo needs): 'missing' has a service
   * principal and no granted permission (tokens without roles); 'no-service-principal' has neither
   * (client credentials fail with 7000229, or 700016 when `registeredIn` is 'other-tenant').
   */
  consent?: 'granted' | 'missing' | 'no-service-principal';
  /** With consent 'granted': the permissions granted (default: all the registration lists). */
  grantedRoles?: string[];
  /** Where the app registration lives (default 'this-tenant'). */
  registeredIn?: RegisteredIn;
  /** The app registration's redirect URIs (default: http://localhost and the native-client page). */
  redirectUris?: string[];
  /** A seeded application access policy (New-ApplicationAccessPolicy), e.g. scoped to the opted-in users. */
  accessPolicy?: AccessPolicyInput;
  /** A seeded RBAC for Applications "Application Mail.Read" assignment scoped to these members. */
  mailRbacScope?: { members: string[] | null };
  /**
   * A tenant whose admin scoped the app to the CRM's opted-in users, as the setup guide shows: with
   * an application access policy, or with RBAC for Applications (Mail.Read then not granted in Entra).
   */
  scopeToOptedIn?: 'access-policy' | 'rbac';
};

export type SandboxUserInfo = { address: string; displayName: string; graphId: string; hasMailbox: boolean };

/** A Graph message to place with the control API; `id` is optional (one is minted). */
export type SandboxMessageInput = Record<string, unknown>;

export type SandboxHandle = {
  baseUrl: string;
  authorityHost: string;
  authority: string;
  graphBaseUrl: string;
  caPem: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  orgDomains: string[];
  crm: CrmSnapshot;
  users: SandboxUserInfo[];
  /** The directory's groups (users and nested groups as members), served by /groups. */
  groups: readonly SeedGroup[];
  /** Settings the ground truth assumes (blocked domains); apply them before comparing. */
  suggestedSettings: SuggestedSettings;
  /** Ground truth of one mailbox; at scale 'bench' (where `groundTruth` is empty) it is generated on demand. */
  groundTruthFor(mailbox: string): GroundTruthEntry[];
  /** Expected pipeline outcome per seeded message copy (generator only; empty for envelopes and bench). */
  groundTruth: GroundTruthEntry[];
  requestLog(): RequestLogEntry[];
  /** Adds a message to a mailbox folder (well-known name or display name); returns its REST id. */
  addMessage(mailbox: string, folder: string, message: SandboxMessageInput): string;
  /** Permanently deletes a message (REST or immutable id); delta reports it as removed. */
  deleteMessage(mailbox: string, messageId: string): void;
  /** Moves a message; returns its new REST id (the immutable id stays). */
  moveMessage(mailbox: string, messageId: string, toFolder: string): string;
  /** Invalidates every delta and skip token of one mailbox (or all): the next use gets 410. */
  expireDeltaTokens(mailbox?: string): void;
  /**
   * Puts a message into the user's online archive (created on first use, then reported by
   * /beta/users/{id}/settings/exchange), in a folder of that name; returns its REST id.
   */
  addArchiveMessage(mailbox: string, folder: string, message: SandboxMessageInput): string;
  /** Switches real tenants' behaviours on or off from now on (graph-behaviours.ts). */
  setBehaviours(behaviours: Partial<GraphBehaviours>): void;
  /** Deletes a folder (display name or well-known name) with its contents: delta for it then answers ErrorSyncFolderNotFound. */
  deleteFolder(mailbox: string, folder: string): void;
  /**
   * Takes the user's Exchange licence away: every request for the mailbox answers as Exchange
   * does for a user it does not serve (404 ErrorInvalidUser, or 401 AuthenticationError);
   * `null` gives it back.
   */
  setUnlicensed(address: string, answer: 'ErrorInvalidUser' | 'AuthenticationError' | null): void;
  /** Replaces the client secret (the old one then fails with 7000215); returns the new one. */
  rotateSecret(options?: { expiresAt?: Date }): string;
  /** Lets the current client secret expire now (then 7000222). */
  expireSecret(): void;
  /** Registers a certificate credential (PEM); returns its base64url SHA-256 thumbprint. */
  addCertificate(certificatePem: string): string;
  /** The sandbox's clock runs this many seconds ahead of the client's when checking assertions. */
  setClockSkew(seconds: number): void;
  /** Simulates 90 days without use of every refresh token (then 700082). */
  expireRefreshTokens(): void;
  stop(): Promise<void>;
} & GraphControls &
  EntraControls;

const messageInputSchema = graphMessageSchema.extend({ id: graphMessageSchema.shape.id.optional() });

function controlMailbox(state: TenantState, address: string): Mailbox {
  const user = state.findUser(address);
  const mailbox = user ? state.mailboxOf(user) : undefined;
  if (!mailbox) throw new SandboxInputError(`The sandbox has no mailbox for ${address}.`);
  return mailbox;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const clock = options.clock ?? (() => new Date());
  const seed = options.seed ?? 1;
  const rng = createRng(seed);
  const tenantId = rng.guid();
  const clientId = rng.guid();
  const now = clock();
  const tenantSeed = withMailAliases(
    options.envelopes
      ? tenantFromEnvelopes(options.envelopes, rng, now, options.crm)
      : options.scale === 'bench'
        ? generateBenchTenant({ seed, now, ...options.bench })
        : generateDemoTenant({ seed, now, scale: 'demo', ...(options.includeAutomated ? { includeAutomated: true } : {}) }),
  );
  const state = new TenantState(tenantSeed, createIdFactory(createRng(seed ^ 0x5eed)), clock);
  const groups = seedGroups(tenantSeed.users, tenantSeed.orgDomains, createRng(seed ^ 0x6209));

  const tls = createSandboxTls();
  const server = await startSandboxServer({ tls, port: options.port ?? 0, clock });
  const authorityHost = `127.0.0.1:${server.port}`;
  const baseUrl = `https://${authorityHost}`;
  const initialSecret = randomBytes(30).toString('base64url');
  let currentSecret = initialSecret;
  const consent = options.consent ?? 'granted';
  const registration = new AppRegistration(options.redirectUris ?? ['http://localhost', `${baseUrl}${NATIVE_CLIENT_PATH}`], DEFAULT_REQUIRED_PERMISSIONS);
  const standing = new TenantStanding(
    {
      servicePrincipal: consent !== 'no-service-principal',
      roles: consent === 'granted' ? (options.grantedRoles ?? registration.requiredPermissions) : [],
      ...(options.registeredIn ? { registeredIn: options.registeredIn } : {}),
    },
    clock,
  );
  const entra = new EntraAppState(initialSecret, registration, standing, clock);
  const accessScope = new ExchangeAccessScope();
  const partial = {
    tenantId,
    clientId,
    clientSecret: initialSecret,
    orgDomains: tenantSeed.orgDomains,
    baseUrl,
    authorityHost,
    graphBaseUrl: `${baseUrl}/v1.0`,
    state,
    clock,
    stateTokens: createStateTokenCodec(),
    deltaStreams: new DeltaStreams(options.deltaStreams),
    fidelity: { ...DEFAULT_FIDELITY, ...options.fidelity, seed },
    behaviours: { ...DEFAULT_BEHAVIOURS, ...options.behaviours },
    traffic: new GraphTraffic({
      limits: { ...EXCHANGE_LIMITS, ...options.limits },
      clock,
      seed,
      ...(options.sleep ? { sleep: options.sleep } : {}),
      mailboxIdOf: (ref) => {
        const user = state.findUser(ref);
        return user?.hasMailbox ? user.graphId : null;
      },
    }),
    entra,
    accessScope,
  };
  const tokens = revocable(
    createTokenIssuer({
      tenantId,
      clientId,
      audiences: graphAudiences(partial),
      lifetimeSeconds: options.accessTokenLifetimeSeconds ?? 3599,
      clock,
    }),
  );
  const context: SandboxContext = {
    ...partial,
    tokens,
  };
  const notFound: RouteHandler = (request) =>
    request.path.toLowerCase().startsWith('/v1.0/')
      ? graphError(context, request, 400, 'BadRequest', `Resource not found for the segment '${request.path.split('/').at(-1) ?? ''}'.`)
      : { status: 404, json: { error: 'not_found', error_description: 'The sandbox does not serve this endpoint.' } };
  const graphRoutes = [...graphUserRoutes(context), ...graphFolderRoutes(context), ...graphFolderDeltaRoutes(context), ...graphDeltaRoutes(context), ...graphListMessageRoutes(context), ...graphGetMessageRoutes(context), ...graphDomainRoutes(context), ...graphGroupRoutes(context, groups)];
  graphRoutes.push(...graphArchiveRoutes(context, graphRoutes));
  const authorizedGraphRoutes = withGraphAuthorization(context, graphRoutes);
  const batchRoutes = graphBatchRoutes(context, authorizedGraphRoutes).map((route) => ({ ...route, handler: requireBearer(context, route.handler) }));
  server.setRoutes([...entraRoutes(context), ...authorizedGraphRoutes, ...batchRoutes], notFound);

  const entraControls = createEntraControls(entra, state, accessScope);
  if (options.accessPolicy) entraControls.applyAccessPolicy(options.accessPolicy);
  if (options.mailRbacScope) entraControls.assignMailRbacScope(options.mailRbacScope);
  if (options.scopeToOptedIn) {
    const members = tenantSeed.crm.users.filter((u) => u.optedIn && state.findUser(u.email)).map((u) => u.email);
    if (options.scopeToOptedIn === 'access-policy') entraControls.applyAccessPolicy({ members });
    else {
      entraControls.assignMailRbacScope({ members });
      if (standing.current().servicePrincipal) entra.grantConsent('sandbox setup', standing.current().roles.filter((r) => r !== 'Mail.Read' && r !== 'Mail.ReadWrite'));
    }
  }

  return {
    baseUrl,
    authorityHost,
    authority: `${baseUrl}/${tenantId}`,
    graphBaseUrl: context.graphBaseUrl,
    caPem: tls.caPem,
    tenantId,
    clientId,
    get clientSecret() {
      return currentSecret;
    },
    orgDomains: [...tenantSeed.orgDomains],
    crm: tenantSeed.crm,
    users: state.users.map((u) => ({ address: u.address, displayName: u.displayName, graphId: u.graphId, hasMailbox: u.hasMailbox })),
    groups,
    suggestedSettings: { blockedDomains: [...(tenantSeed.suggestedSettings?.blockedDomains ?? [])] },
    groundTruth: [...state.groundTruth],
    groundTruthFor: (mailbox) => state.groundTruthFor(mailbox),
    requestLog: () => server.requestLog(),
    addMessage(mailbox, folder, message) {
      const box = controlMailbox(state, mailbox);
      const parsed = messageInputSchema.safeParse(message);
      if (!parsed.success) throw new SandboxInputError('The message is not a Graph message resource.', { cause: parsed.error });
      const target = state.folderForName(box, folder);
      const data = { receivedDateTime: graphDateTime(clock()), ...parsed.data };
      return box.addMessage(target.id, data, parsed.data.id).restId;
    },
    deleteMessage(mailbox, messageId) {
      if (!controlMailbox(state, mailbox).deleteMessage(messageId)) throw new SandboxInputError(`No message ${messageId} in ${mailbox}.`);
    },
    moveMessage(mailbox, messageId, toFolder) {
      const box = controlMailbox(state, mailbox);
      const moved = box.moveMessage(messageId, state.folderForName(box, toFolder).id);
      if (!moved) throw new SandboxInputError(`No message ${messageId} in ${mailbox}.`);
      return moved.restId;
    },
    addArchiveMessage(mailbox, folder, message) {
      const user = state.findUser(mailbox);
      if (!user?.hasMailbox) throw new SandboxInputError(`The sandbox has no mailbox for ${mailbox}.`);
      const parsed = messageInputSchema.safeParse(message);
      if (!parsed.success) throw new SandboxInputError('The message is not a Graph message resource.', { cause: parsed.error });
      const archive = state.archiveOf(user, tenantId).mailbox;
      const target = state.folderForName(archive, folder);
      return archive.addMessage(target.id, { receivedDateTime: graphDateTime(clock()), ...parsed.data }, parsed.data.id).restId;
    },
    setBehaviours(next) {
      Object.assign(context.behaviours, next);
    },
    deleteFolder(mailbox, folder) {
      const box = controlMailbox(state, mailbox);
      const target = box.folderByName(folder) ?? box.folderByRef(folder);
      if (!target) throw new SandboxInputError(`No folder ${folder} in ${mailbox}.`);
      box.deleteFolder(target.id);
    },
    setUnlicensed(address, answer) {
      const user = state.findUser(address);
      if (!user) throw new SandboxInputError(`The sandbox has no user ${address}.`);
      state.setUnlicensed(user, answer);
    },
    expireDeltaTokens(mailbox) {
      if (mailbox) controlMailbox(state, mailbox).expireTokens();
      else state.expireAllTokens();
    },
    ...createGraphControls(state, context.traffic, tokens),
    ...entraControls,
    rotateSecret(rotation = {}) {
      currentSecret = entra.rotateSecret(rotation.expiresAt ?? null);
      return currentSecret;
    },
    expireSecret: () => entra.expireSecrets(),
    addCertificate: (pem) => entra.addCertificate(pem),
    setClockSkew(seconds) {
      entra.clockSkewSeconds = seconds;
    },
    expireRefreshTokens: () => entra.expireRefreshTokens(),
    stop: () => server.close(),
  };
}
