// One chart option builder for every chart in the console (list 统计图 and tool chart
// blocks): buckets of (name, value) drawn as bar, line or pie.
export type ChartKind = "bar" | "line" | "pie";

export interface Bucket {
  name: string;
  value: number;
}

export function chartOption(kind: ChartKind, buckets: Bucket[], valueName = "数量"): Record<string, any> {
  const names = buckets.map((b) => b.name);
  const values = buckets.map((b) => b.value);
  if (kind === "pie") {
    return {
      tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
      legend: { type: "scroll", bottom: 0 },
      series: [{ type: "pie", radius: ["30%", "62%"], data: buckets.map((b) => ({ name: b.name, value: b.value })) }],
    };
  }
  return {
    tooltip: { trigger: "axis" },
    grid: { left: 48, right: 24, bottom: 72 },
    xAxis: { type: "category", data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 30 : 0 } },
    // Counts are whole numbers: no 0.5 ticks on their axis.
    yAxis: { type: "value", name: valueName, minInterval: values.every(Number.isInteger) ? 1 : undefined },
    series: [{ type: kind, data: values, barMaxWidth: 40 }],
  };
}

/** A grouped count's labels as one bucket name: ["长安区", "已办结"] → "长安区 / 已办结". */
export function bucketName(labels: unknown): string {
  if (Array.isArray(labels)) return labels.filter((l) => l !== null && l !== "").join(" / ") || "（空）";
  return labels === null || labels === undefined || labels === "" ? "（空）" : String(labels);
}
