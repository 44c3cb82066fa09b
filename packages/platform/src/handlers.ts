/**
 * The six event handlers as data (docs/platform.md §2, §22.2, §24, decisions 19).
 * Shared code (pipeline, request objects, debug headers, trace) reads these facts.
 */
export type HandlerName =
  | 'onClientRequest'
  | 'onBotSegmentAvailable'
  | 'onOriginRequest'
  | 'onOriginResponse'
  | 'onClientResponse'
  | 'responseProvider';

export interface HandlerFacts {
  name: HandlerName;
  /** Code used by the sub-request debug header and the trace (`evt=`). */
  code: 'CReq' | 'BSA' | 'OReq' | 'ORsp' | 'CRsp' | 'RP';
  /** Name of the `PMUSER_BYPASS_*` variable that skips the handler. */
  bypassVariable: string;
  /** Debug info header (§22.2). */
  infoHeader: string;
  /** Debug log header (§16). */
  logHeader: string;
  /** Pragma token that asks for this handler's info header alone (§22.1). */
  singlePragma: string | undefined;
  limitGroup: 'handler' | 'responseProvider';
  /** Request members present (§2.2). */
  canMutateHeaders: boolean;
  canSetVariables: boolean;
  canRespondWith: boolean;
  canRoute: boolean;
  hasCacheKey: boolean;
  hasBotScore: boolean;
  canReadBody: boolean;
  /** Receives a Response object as its second argument. */
  hasResponse: boolean;
}

const base = { canMutateHeaders: false, canSetVariables: true, canRespondWith: true, canRoute: false, hasCacheKey: false, hasBotScore: false, canReadBody: false, hasResponse: false, limitGroup: 'handler' as const };

export const HANDLERS: Readonly<Record<HandlerName, HandlerFacts>> = {
  onClientRequest: { ...base, name: 'onClientRequest', code: 'CReq', bypassVariable: 'PMUSER_BYPASS_EW_CLTREQ_EVENT', infoHeader: 'X-Akamai-EdgeWorker-onClientRequest-Info', logHeader: 'X-Akamai-EdgeWorker-onClientRequest-Log', singlePragma: 'akamai-x-ew-onclientrequest', canMutateHeaders: true, canRoute: true, hasCacheKey: true },
  onBotSegmentAvailable: { ...base, name: 'onBotSegmentAvailable', code: 'BSA', bypassVariable: 'PMUSER_BYPASS_EW_BOTSGMNT_EVENT', infoHeader: 'X-Akamai-EdgeWorker-onBotSegmentAvailable-Info', logHeader: 'X-Akamai-EdgeWorker-onBotSegmentAvailable-Log', singlePragma: undefined, hasBotScore: true },
  onOriginRequest: { ...base, name: 'onOriginRequest', code: 'OReq', bypassVariable: 'PMUSER_BYPASS_EW_ORGNREQ_EVENT', infoHeader: 'X-Akamai-EdgeWorker-onOriginRequest-Info', logHeader: 'X-Akamai-EdgeWorker-onOriginRequest-Log', singlePragma: 'akamai-x-ew-onoriginrequest', canMutateHeaders: true },
  onOriginResponse: { ...base, name: 'onOriginResponse', code: 'ORsp', bypassVariable: 'PMUSER_BYPASS_EW_ORGNRESP_EVENT', infoHeader: 'X-Akamai-EdgeWorker-onOriginResponse-Info', logHeader: 'X-Akamai-EdgeWorker-onOriginResponse-Log', singlePragma: 'akamai-x-ew-onoriginresponse', hasResponse: true },
  onClientResponse: { ...base, name: 'onClientResponse', code: 'CRsp', bypassVariable: 'PMUSER_BYPASS_EW_CLTRESP_EVENT', infoHeader: 'X-Akamai-EdgeWorker-onClientResponse-Info', logHeader: 'X-Akamai-EdgeWorker-onClientResponse-Log', singlePragma: 'akamai-x-ew-onclientresponse', hasResponse: true },
  responseProvider: { ...base, name: 'responseProvider', code: 'RP', bypassVariable: 'PMUSER_BYPASS_EW_RP_EVENT', infoHeader: 'X-Akamai-EdgeWorker-ResponseProvider-Info', logHeader: 'X-Akamai-EdgeWorker-responseProvider-Log', singlePragma: undefined, limitGroup: 'responseProvider', canSetVariables: false, canRespondWith: false, canReadBody: true },
};

export const HANDLER_NAMES = Object.keys(HANDLERS) as HandlerName[];
