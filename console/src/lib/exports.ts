// Excel export of a list's rows: `export<Type>s(input: { filter })` → a file URL, the
// same rows the list shows under the viewer's scope.
import { ElMessage } from "element-plus";
import { gql } from "@/api/graphql";
import { download } from "@/api/files";
import { printType, type Field, type Schema } from "@/api/schema";

export function exporterFor(schema: Schema | null, typeName: string): Field | undefined {
  return typeName ? schema?.field("Mutation", `export${typeName}s`) : undefined;
}

export async function exportRows(exporter: Field, filter: Record<string, any> | null, title: string): Promise<void> {
  try {
    const data = await gql(
      `mutation ExportList($input: ${printType(exporter.args[0].type)}) { result: ${exporter.name}(input: $input) { url rowCount userErrors { message } } }`,
      { input: { filter } },
    );
    if (data.result.userErrors.length) {
      ElMessage.error(data.result.userErrors[0].message);
      return;
    }
    await download(data.result.url, `${title}.xlsx`);
    ElMessage.success(`已导出 ${data.result.rowCount} 条`);
  } catch (e: any) {
    ElMessage.error(e.message);
  }
}
