// Every GIS ES refusal, in one catalogue. The real portal is a web UI and has no public error codes,
// so none of these carry a systemCode; the codes and wording are Poligon's (modeled).
import { defineErrors } from '../../src/engine/errors.js';

export const GisErrors = defineErrors('GIS', {
  MERCHANT_NOT_FOUND: { status: 404, message: 'Merchant {merchantId} does not exist', hint: 'GET /gis/api/v1/merchants lists merchants (add ?includeHidden=true for hidden ones).' },
  POINT_NOT_FOUND: { status: 404, message: 'Point {pointId} does not exist' },
  CONTACT_NOT_FOUND: { status: 404, message: 'Contact {contactId} does not exist for merchant {merchantId}' },
  PROGRAM_NOT_FOUND: { status: 404, message: 'Program {programCode} is not in the catalogue', hint: 'GET /gis/api/v1/programs lists the programs.' },
  APPLICATION_NOT_FOUND: { status: 404, message: 'Application {applicationId} does not exist' },
  MERCHANT_EXISTS: { status: 409, message: 'A merchant with INN {inn} and KPP {kpp} is already registered as {merchantId}' },
  SELLER_DETAILS_INCONSISTENT: { status: 400, message: 'The seller details do not fit seller type {sellerType}: {reasons}', hint: 'LEGAL_ENTITY: 10-digit INN, KPP, 13-digit OGRN. INDIVIDUAL_ENTREPRENEUR: 12-digit INN, 15-digit OGRNIP, no KPP. INDIVIDUAL: 12-digit INN, no KPP, no OGRN.' },
  COORDINATES_OUT_OF_RANGE: { status: 400, message: 'Coordinates are out of range: {reasons}' },
  TRANSITION_NOT_ALLOWED: { status: 409, message: '{entity} {id} is {status}: "{action}" is allowed only from {allowed}' },
  PRECONDITIONS_FAILED: { status: 409, message: '"{action}" for {entity} {id} needs: {missingList}', hint: 'Fix every item of `missing`, then try again.' },
  MERCHANT_BLOCKED: { status: 409, message: 'Merchant {merchantId} is BLOCKED by the Treasury: no operation is allowed on it or its points', hint: 'Seed 000 §3.4.12.' },
  POINT_DISABLED: { status: 409, message: 'Point {pointId} is DISABLED: no operation is allowed on it', hint: 'Seed 000 §3.4.10, §3.4.12.' },
  LAST_CONTACT_OF_ROLE: { status: 409, message: 'Contact {contactId} is the last {role} contact of merchant {merchantId}, whose point {pointId} has left CREATED: at least one of each role must stay', hint: 'Seed 000 §3.4.3. Add another {role} contact first, then remove or change this one.' },
  PROGRAM_NOT_VALID: { status: 409, message: 'Program {programCode} is valid from {validFrom} to {validTo}; today ({today}) it cannot be connected', hint: 'Seed 000 §3.4.4: the list shows each program\'s period of validity (GET /gis/api/v1/programs).' },
  TRU_NOT_IN_LIST: { status: 409, message: 'Point {pointId} does not sell {codes}; nothing was removed' },
  APPLICATION_DECIDED: { status: 409, message: 'Application {applicationId} was already {status}' },
});
