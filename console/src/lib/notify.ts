import { ElMessage } from "element-plus";

/** Runs page work; a failure becomes a message to the clerk (already Chinese), never a stack. */
export async function guarded<T>(work: () => Promise<T>): Promise<T | undefined> {
  try {
    return await work();
  } catch (e: any) {
    ElMessage.error(e?.message ?? "操作失败，请稍后重试");
    return undefined;
  }
}
