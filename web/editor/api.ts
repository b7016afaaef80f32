/** The editor API, from the page (web/shared/json-api.ts). */
import { jsonApi } from '../shared/json-api.ts';

export { ApiError } from '../shared/json-api.ts';
export const api = jsonApi('/editor/');
