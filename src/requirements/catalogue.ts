// The project's own copy of the requirement catalogue (../shared/REQUIREMENTS.md): every ID a scenario case
// may cite, with its text and source. Reports show the title; `poligon packs --coverage` shows what no case covers.
// ECS-E01 … ECS-E08 are spelt out one per result code of App. 7.

export interface Requirement {
  id: string;
  area: string;
  title: string;
  /** § of the seeds, "public" (integrator material) or "modeled" (our design). */
  source: string;
}

export const REQUIREMENTS: readonly Requirement[] = [
  { id: "GIS-01", area: "GIS ES (seed 000 §3.4)", title: "A merchant is created `OPEN` with INN, KPP, OGRN, name, brand and seller type; INN/OGRN/KPP are validated", source: "§3.4.2" },
  { id: "GIS-02", area: "GIS ES (seed 000 §3.4)", title: "A merchant needs at least one `TECHNICAL` and one `ORGANIZATIONAL` contact before any point goes to activation", source: "§3.4.3" },
  { id: "GIS-03", area: "GIS ES (seed 000 §3.4)", title: "A public program connects at once; a program by approval goes `UNDER_REVIEW`, then `CONNECTED` or `REJECTED` with a reason", source: "§3.4.4" },
  { id: "GIS-04", area: "GIS ES (seed 000 §3.4)", title: "Disconnecting a program goes through approval, then `NOT_CONNECTED`", source: "§3.4.4" },
  { id: "GIS-05", area: "GIS ES (seed 000 §3.4)", title: "A point is created `CREATED` with a FIAS address and coordinates; fewer than 3 decimals is accepted with a warning (recommended, not required)", source: "§3.4.5" },
  { id: "GIS-06", area: "GIS ES (seed 000 §3.4)", title: "Only a `CREATED` point can be deleted", source: "§3.4.5" },
  { id: "GIS-07", area: "GIS ES (seed 000 §3.4)", title: "A point's goods list takes and drops TRU kind codes; bad codes are refused", source: "§3.4.6, §3.4.9" },
  { id: "GIS-08", area: "GIS ES (seed 000 §3.4)", title: "\"To activation\" moves `CREATED` → `ON_ACTIVATION` only when GIS-02, a connected program and GIS-05/07 hold; merchant and point then exist in LK FES", source: "§3.4.7, §4.1" },
  { id: "GIS-09", area: "GIS ES (seed 000 §3.4)", title: "The point becomes `TESTED` after its кассы are registered in LK FES and the production test has passed (§3.4.7; a setting follows §4.3.1: registration alone)", source: "§3.4.7, §4.3.1" },
  { id: "GIS-10", area: "GIS ES (seed 000 §3.4)", title: "Activation with a start date: `TESTED` → `ACTIVATED` from that date, not before", source: "§3.4.8" },
  { id: "GIS-11", area: "GIS ES (seed 000 §3.4)", title: "Point and contact data, and the merchant's KPP, brand and seller type, can be edited (name, INN and OGRN come from ESIA and cannot); edits LK FES shows reach it", source: "§3.4.2, §3.4.9" },
  { id: "GIS-12", area: "GIS ES (seed 000 §3.4)", title: "Disabling an `ACTIVATED` point makes it `DISABLED` and blocks its кассы in LK FES", source: "§3.4.10" },
  { id: "GIS-13", area: "GIS ES (seed 000 §3.4)", title: "Merchants and points in any status, blocked and disabled included, can be hidden and shown again", source: "§3.4.11" },
  { id: "GIS-14", area: "GIS ES (seed 000 §3.4)", title: "A merchant `BLOCKED` by the Treasury has every point `DISABLED`; no operation on it succeeds", source: "§3.4.12" },
  { id: "LKF-01", area: "LK FES NSPK (seed 000 §4)", title: "The technical contact gets a set-password link at the e-mail given in GIS ES, with a limited life; a password lives 2 months; reset by e-mail works; a new password grants access only 30 minutes after it is set; the first password records joining the Agreement", source: "§4.1" },
  { id: "LKF-02", area: "LK FES NSPK (seed 000 §4)", title: "An API KEY is made for the merchant at first registration", source: "§4.4" },
  { id: "LKF-03", area: "LK FES NSPK (seed 000 §4)", title: "The API KEY can be blocked and unblocked", source: "§4.4" },
  { id: "LKF-04", area: "LK FES NSPK (seed 000 §4)", title: "Regenerating the API KEY blocks the old one at once; every касса of the merchant fails until it uses the new one", source: "§4.4" },
  { id: "LKF-05", area: "LK FES NSPK (seed 000 §4)", title: "Adding кассы to a point: vendor from the certified list, a count (none for an online shop); each gets a unique ID, a MAC KEY and `ACTIVE`", source: "§4.3.1" },
  { id: "LKF-06", area: "LK FES NSPK (seed 000 §4)", title: "Regenerating a касса's MAC KEY blocks the old one at once", source: "§4.5" },
  { id: "LKF-07", area: "LK FES NSPK (seed 000 §4)", title: "Касса statuses `ACTIVE`, `BLOCKED_BY_MERCHANT` (merchant may reactivate), `BLOCKED_BY_NSPK` (only NSPK may reactivate); who acts is established by sign-in, not declared", source: "§4.7" },
  { id: "LKF-08", area: "LK FES NSPK (seed 000 §4)", title: "The merchant admin can obtain the current API KEY and each касса's MAC KEY at any time without regenerating them", source: "§4.2, seed 001" },
  { id: "FES-01", area: "FES API", title: "Echo succeeds for a correctly configured касса", source: "§4.6" },
  { id: "FES-02", area: "FES API", title: "A request without a valid, unblocked API KEY is refused", source: "§4.4" },
  { id: "FES-03", area: "FES API", title: "A request whose MAC does not match the касса's MAC KEY is refused; so is a replayed one", source: "§2 terms, §4.5, modeled" },
  { id: "FES-04", area: "FES API", title: "Requests from a blocked касса, a disabled point or a blocked merchant are refused, each with its own code; before activation only echo and the production test are served, certificate Pre-Auths are refused with their own code", source: "§3.4.7, §3.4.10, §3.4.12, §4.6, §4.7" },
  { id: "FES-05", area: "FES API", title: "Pre-Auth of a basket returns a 24-digit basket id, the total covered by certificates and, per item, the covering certificates", source: "public" },
  { id: "FES-06", area: "FES API", title: "Pre-Auth with TRU `999999999.99999999900000000000` completes and the terminal payment gets response 513 (a setting, footnote 3); nothing is charged", source: "§4.6" },
  { id: "FES-07", area: "FES API", title: "An item dearer than a certificate's unit cap is covered up to the cap; the rest is own funds", source: "seed 001" },
  { id: "FES-08", area: "FES API", title: "A certificate covers only its TRU kinds, up to its quantity, within its validity", source: "seed 001" },
  { id: "FES-09", area: "FES API", title: "A basket id lives 30 minutes", source: "public" },
  { id: "FES-10", area: "FES API", title: "Refund Pre-Auth against a purchase basket returns a return basket id; unknown basket, unknown item, wrong TRU, too many items and already-refunded items are refused distinctly", source: "public" },
  { id: "FES-11", area: "FES API", title: "Certificate money returns only to certificates; the certificate part is refunded first", source: "public" },
  { id: "FES-12", area: "FES API", title: "Receipt data for sale, refund and correction is accepted and checked against its basket", source: "public, modeled" },
  { id: "FES-13", area: "FES API", title: "Every call carries a UUID request id; a retry with the same id and body gets the same answer", source: "public record" },
  { id: "FES-14", area: "FES API", title: "Items and answers use the public record's fields (`articleNumber`, `count`, `price` in kopecks, `truCode`, `result {code, description}`, `basket.article[].certificate[]`); the card is named by its PAN hash", source: "public record" },
  { id: "FES-15", area: "FES API", title: "Protocol V1 or V2 per касса; V2 needs the card's PAR; the receipt date-time format follows the version", source: "public record" },
  { id: "FES-16", area: "FES API", title: "Fiscal receipt data (ФН, ФД, ФП, certificate sum, date-time, settlement type, place) is checked against its basket; late and duplicate sends are accepted", source: "public record" },
  { id: "FES-17", area: "FES API", title: "A purchase basket can be found by its receipt's ФН, ФД and ФП; an original basket's contents can be read back", source: "public record" },
  { id: "FES-18", area: "FES API", title: "A card's certificates are listed with balances and limits per TRU code; the merchant's baskets for a TRU code and card are listed", source: "public record" },
  { id: "FES-19", area: "FES API", title: "`certificateLastNumbers` pays an item from that certificate only; a return without the card works only within the same operating day", source: "public record" },
  { id: "FES-20", area: "FES API", title: "The terminal reports a partial failure (own-funds part failed, certificate part done) distinctly", source: "public record (terminal driver standard)" },
  { id: "TRU-01", area: "FES API", title: "TRU codes: kind code `NNNNNNNNN.NNNNNNNNN` (19 chars); full code `NNNNNNNNN.NNNNNNNNNYYYYMMMMZZZ` (30 chars, zero-filled where unknown); anything else refused with a clear message", source: "§2.2" },
  { id: "ECS-01", area: "ECS web service (seed 004)", title: "`/connect/token` issues a Bearer token for `client_credentials` with the required scopes", source: "App. 2" },
  { id: "ECS-02", area: "ECS web service (seed 004)", title: "Wrong client, wrong secret, wrong grant type or missing scope get an OAuth error", source: "App. 2, OAuth 2.0" },
  { id: "ECS-03", area: "ECS web service (seed 004)", title: "Every method needs a valid, unexpired token with the right scope", source: "App. 2, App. 9" },
  { id: "ECS-04", area: "ECS web service (seed 004)", title: "CheckClientBenefits accepts only the identifiers of the caller's connection type (clientCode 1 and 3, clientSnils 2, card number and series 1 and 3, price 3) and needs at least one; several must name the same holder", source: "App. 2" },
  { id: "ECS-05", area: "ECS web service (seed 004)", title: "CheckClientBenefits answers resultCode, transactionId, clientId and the highest-priority benefit for the service", source: "App. 2, §6.2" },
  { id: "ECS-06", area: "ECS web service (seed 004)", title: "ConfirmTransaction (types 1 and 2 only) records the service and answers HTTP 200", source: "App. 2, §6.2" },
  { id: "ECS-07", area: "ECS web service (seed 004)", title: "A refused service leaves no record", source: "§6.2, modeled" },
  { id: "ECS-08", area: "ECS web service (seed 004)", title: "GetOrganizationServices pages the organization's services", source: "App. 2" },
  { id: "ECS-09", area: "ECS web service (seed 004)", title: "GetTransactions lists a holder's confirmed transactions in a date interval, paged, for participants allowed to call it", source: "App. 9, §8.2" },
  { id: "ECS-10", area: "ECS web service (seed 004)", title: "Errors come as `{message, errorCode, errors}`", source: "App. 2" },
  { id: "ECS-E01", area: "ECS web service (seed 004)", title: "Result code 01 (no benefit at this acceptant) can be produced and means what App. 7 says", source: "App. 7" },
  { id: "ECS-E02", area: "ECS web service (seed 004)", title: "Result code 02 (holder code wrong, client not found) can be produced and means what App. 7 says", source: "App. 7" },
  { id: "ECS-E03", area: "ECS web service (seed 004)", title: "Result code 03 (reserved) can be produced and means what App. 7 says", source: "App. 7" },
  { id: "ECS-E04", area: "ECS web service (seed 004)", title: "Result code 04 (reserved) can be produced and means what App. 7 says", source: "App. 7" },
  { id: "ECS-E05", area: "ECS web service (seed 004)", title: "Result code 05 (card inactive) can be produced and means what App. 7 says", source: "App. 7" },
  { id: "ECS-E06", area: "ECS web service (seed 004)", title: "Result code 06 (no connection with the processing centre) can be produced and means what App. 7 says", source: "App. 7" },
  { id: "ECS-E07", area: "ECS web service (seed 004)", title: "Result code 07 (participant id not in the system) can be produced and means what App. 7 says", source: "App. 7" },
  { id: "ECS-E08", area: "ECS web service (seed 004)", title: "Result code 08 (service type code not found) can be produced and means what App. 7 says", source: "App. 7" },
  { id: "ECS-11", area: "ECS web service (seed 004)", title: "Requests from an address outside the organization's list are refused", source: "§9.2" },
  { id: "ECS-12", area: "ECS web service (seed 004)", title: "Service level: the share of benefit checks unanswered or slower than 3 s against the 3 % bound, and unplanned downtime against 1296/432 minutes a month; the fake can inject latency and outages", source: "§6.4, §7.4" },
  { id: "ECS-13", area: "ECS web service (seed 004)", title: "Where the regulation contradicts itself (date field names, Area name), the behaviour follows a stated policy and says so in the message", source: "App. 9" },
  { id: "ECS-14", area: "ECS web service (seed 004)", title: "A run of the ECS pack yields the Act of test trials (App. 3) filled in, dated in Yakutsk", source: "§2.7, App. 3" },
  { id: "ECS-15", area: "ECS web service (seed 004)", title: "Connection types map to acceptants as §1.4 says (1 = Type 2 own ticket system, 2 = Type 2 Digital pass, 3 = Type 3); acceptant Type 1 has no web-service access", source: "§1.4, App. 2, §2.7" },
  { id: "ECS-16", area: "ECS web service (seed 004)", title: "SNILS, holder codes and card numbers are never kept in clear; an expired social card answers 05", source: "§9.4, App. 6" },
  { id: "ECS-17", area: "ECS web service (seed 004)", title: "Against an external bank, only what the regulation fixes can fail a case; the sandbox's own conventions are reported as advice", source: "§2.7, App. 2" },
  { id: "REP-01", area: "Reports", title: "Each case shows its ID, the requirement IDs it checks, expected and actual, verdict, and the logged requests and responses (secrets masked)", source: "DOMAIN.md §6" },
  { id: "REP-02", area: "Reports", title: "A summary verdict, the system under test (per pack) and who played it, versions, date, and a signed integrity manifest over the report and its logs", source: "DOMAIN.md §6" },
  { id: "REP-03", area: "Reports", title: "Each verdict says whether it rests on the public record or the seeds, or on a modeled convention", source: "DOMAIN.md §4, FES-PUBLIC-RECORD.md" },
];

const BY_ID = new Map(REQUIREMENTS.map((r) => [r.id, r]));

export function findRequirement(id: string): Requirement | undefined {
  return BY_ID.get(id);
}
