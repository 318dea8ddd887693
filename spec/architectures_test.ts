/**
 * Issue 11's acceptance: `deno run --allow-read examples/architectures.ts` prints the
 * published parameter totals of LeNet-5, AlexNet, VGG16, ResNet-18 and MobileNetV1 (Keras
 * also reporting 21,888 non-trainable for MobileNetV1). The example asserts them itself;
 * this spec reads what it prints, so the printed tables say the same.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";

Deno.test("examples/architectures.ts prints the five published totals", async () => {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      new URL("../examples/architectures.ts", import.meta.url).pathname,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  strictEqual(code, 0, new TextDecoder().decode(stderr));
  const text = new TextDecoder().decode(stdout);
  const grab = (label: string) =>
    [...text.matchAll(new RegExp(`^${label}: ([\\d,]+)$`, "gm"))].map((m) => m[1]);
  deepStrictEqual(grab("Trainable params"), [
    "61,706",
    "61,100,840",
    "138,357,544",
    "11,689,512",
    "4,231,976",
  ]);
  deepStrictEqual(grab("Total params"), [
    "61,706",
    "61,100,840",
    "138,357,544",
    "11,689,512",
    "4,253,864",
  ]);
  // ResNet-18 in PyTorch's convention: its running statistics are buffers, not parameters
  deepStrictEqual(grab("Non-trainable params"), ["0", "0", "0", "0", "21,888"]);
  deepStrictEqual(grab("Buffers \\(running statistics, not parameters\\)"), ["9,600"]);
});
