// A list page's rows fetched a page at a time (first/offset with totalCount), as the
// 人才资金 pages show them: loading flag, page, size, total; failures as a message.
import { reactive } from "vue";
import { guarded } from "./notify";

export interface Page<T> {
  nodes: T[];
  totalCount: number;
}

export function usePaged<T = any>(fetchPage: (first: number, offset: number) => Promise<Page<T>>, size = 20) {
  const list = reactive({ rows: [] as T[], page: 1, size, total: 0, loading: false });
  async function load() {
    list.loading = true;
    await guarded(async () => {
      const found = await fetchPage(list.size, (list.page - 1) * list.size);
      list.rows = found.nodes as any;
      list.total = found.totalCount;
    });
    list.loading = false;
  }
  function search() {
    list.page = 1;
    return load();
  }
  return { list, load, search };
}
