// Case-file reviews for the tests: draw a file, complete its sheet.
import { post, expectStatus } from '../../lib/http.mjs';

// Draws the closed case for review as the inspector and gives every item
// sunroad could not check a pass → [review id].
export async function drawAll(caseId) {
  const draw = expectStatus(await post('inspector', '/api/v1/reviews', { cases: [caseId] }), 201).json;
  const ids = draw.reviews.map((r) => r.id);
  for (const id of ids) await completeSheet(id);
  return ids;
}

export async function completeSheet(id, who = 'inspector') {
  const sheet = expectStatus(await post(who, `/api/v1/reviews/${id}/items`, { item: 'facts', result: 'pass' }), 200).json;
  for (const it of sheet.items.filter((x) => x.result === 'unknown')) {
    expectStatus(await post(who, `/api/v1/reviews/${id}/items`, { item: it.item, result: 'pass' }), 200);
  }
}
