// Paging by cursor (first/after) for lists that have no offset, e.g. talentMoves: the
// cursors of the pages seen so far are kept, so 上一页 goes back without counting rows.
import { reactive, shallowRef } from "vue";
import { guarded } from "./notify";

export interface KeysetPage<T> {
  rows: T[];
  total: number;
  hasNext: boolean;
  endCursor: string | null;
}

export function useKeysetPages<T>(fetch: (after: string | null) => Promise<KeysetPage<T>>) {
  const rows = shallowRef<T[]>([]);
  const state = reactive({ index: 0, total: 0, hasNext: false, loading: false });
  let cursors: (string | null)[] = [null]; // cursors[i]: the `after` of page i

  async function show(index: number) {
    state.loading = true;
    await guarded(async () => {
      const page = await fetch(cursors[index]);
      rows.value = page.rows;
      Object.assign(state, { index, total: page.total, hasNext: page.hasNext && !!page.endCursor });
      cursors = [...cursors.slice(0, index + 1), page.endCursor];
    });
    state.loading = false;
  }

  return {
    rows,
    state,
    /** From the first page again (a new filter). */
    first: () => show(0),
    next: () => (state.hasNext ? show(state.index + 1) : Promise.resolve()),
    previous: () => (state.index > 0 ? show(state.index - 1) : Promise.resolve()),
  };
}
