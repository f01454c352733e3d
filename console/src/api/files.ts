// Files behind login (reports, exports, QR codes): fetched with the bearer token.
import { session } from "./session";
import { GatewayError } from "./graphql";

export async function fetchBlob(url: string): Promise<Blob> {
  const response = await fetch(url, { headers: { Authorization: `Bearer ${session.token}` } });
  if (!response.ok) throw new GatewayError(String(response.status), response.status === 404 ? "文件不存在或无权下载" : "下载失败，请稍后重试");
  return response.blob();
}

export async function download(url: string, filename: string): Promise<void> {
  const blob = await fetchBlob(url);
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
