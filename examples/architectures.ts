/**
 * Five classic image classifiers, built layer by layer with `summary` (stacks) and
 * `graphSummary` (residual branches), each with its printed table and its parameter total:
 *
 * | network | as published by | parameters |
 * | --- | --- | --- |
 * | LeNet-5 | LeCun et al. 1998, on 32×32×1 | 61,706 |
 * | AlexNet | torchvision `alexnet()` | 61,100,840 |
 * | VGG16 with top | Keras `VGG16()` (torchvision's `vgg16()` has the same count) | 138,357,544 |
 * | ResNet-18 | torchvision `resnet18()` | 11,689,512 (plus 9,600 running statistics) |
 * | MobileNetV1 | Keras `MobileNet(alpha=1, 224, include_top)` | 4,253,864, of which 21,888 non-trainable |
 *
 * PyTorch's count (`sum(p.numel() for p in model.parameters())`) leaves a batch norm's
 * running mean and variance out: they are buffers. Keras lists them as non-trainable
 * parameters and includes them in its total. ResNet-18 is counted in PyTorch's convention
 * (`{ convention: "pytorch" }`), MobileNetV1 in Keras's, each as its source publishes it.
 *
 * Run: deno run examples/architectures.ts
 */
import { strictEqual } from "node:assert/strict";
import { type GraphNode, graphSummary, type Layer, type Summary, summary } from "../mod.ts";

function show(title: string, table: Summary): void {
  console.log(`\n== ${title}\n${table.format()}`);
}

// ---------------------------------------------------------------------------------------
// LeNet-5: two 5×5 convolutions with 2×2 average pooling, then three dense layers.
const lenet = summary([
  { type: "conv2d", filters: 6, kernel: 5 },
  { type: "activation", label: "tanh" },
  { type: "avgPool2d", pool: 2 },
  { type: "conv2d", filters: 16, kernel: 5 },
  { type: "activation", label: "tanh" },
  { type: "avgPool2d", pool: 2 },
  { type: "flatten" },
  { type: "dense", units: 120 },
  { type: "dense", units: 84 },
  { type: "dense", units: 10 },
], { height: 32, width: 32, channels: 1 });
show("LeNet-5", lenet);
strictEqual(lenet.rows[6].outputShape, "400×1"); // 16·5·5
strictEqual(lenet.totals.total, 61_706);

// ---------------------------------------------------------------------------------------
// AlexNet as torchvision builds it (64-192-384-256-256 filters, adaptive 6×6 pooling).
const alexnet = summary([
  { type: "conv2d", filters: 64, kernel: 11, stride: 4, padding: 2 },
  { type: "activation", label: "relu" },
  { type: "maxPool2d", pool: 3, stride: 2 },
  { type: "conv2d", filters: 192, kernel: 5, padding: 2 },
  { type: "activation", label: "relu" },
  { type: "maxPool2d", pool: 3, stride: 2 },
  { type: "conv2d", filters: 384, kernel: 3, padding: 1 },
  { type: "activation", label: "relu" },
  { type: "conv2d", filters: 256, kernel: 3, padding: 1 },
  { type: "activation", label: "relu" },
  { type: "conv2d", filters: 256, kernel: 3, padding: 1 },
  { type: "activation", label: "relu" },
  { type: "maxPool2d", pool: 3, stride: 2 },
  { type: "adaptiveAvgPool2d", output: 6 },
  { type: "flatten" },
  { type: "dropout", label: "p = 0.5" },
  { type: "dense", units: 4096 },
  { type: "activation", label: "relu" },
  { type: "dropout", label: "p = 0.5" },
  { type: "dense", units: 4096 },
  { type: "activation", label: "relu" },
  { type: "dense", units: 1000 },
], { height: 224, width: 224, channels: 3 });
show("AlexNet (torchvision)", alexnet);
strictEqual(alexnet.rows[0].outputShape, "55×55×64"); // floor((224 + 4 - 11)/4) + 1
strictEqual(alexnet.rows[14].outputShape, "9216×1"); // 256·6·6
strictEqual(alexnet.totals.total, 61_100_840);

// ---------------------------------------------------------------------------------------
// VGG16: five blocks of 3×3 'same' convolutions, each closed by a 2×2 max pool.
const vggLayers: Layer[] = [];
for (const [filters, convs] of [[64, 2], [128, 2], [256, 3], [512, 3], [512, 3]]) {
  for (let k = 0; k < convs; k++) {
    vggLayers.push({ type: "conv2d", filters, kernel: 3, padding: "same" });
  }
  vggLayers.push({ type: "maxPool2d", pool: 2 });
}
vggLayers.push(
  { type: "flatten" },
  { type: "dense", units: 4096 },
  { type: "dense", units: 4096 },
  { type: "dense", units: 1000 },
);
const vgg16 = summary(vggLayers, { height: 224, width: 224, channels: 3 });
show("VGG16 with top", vgg16);
strictEqual(vgg16.rows[18].outputShape, "25088×1"); // 512·7·7
strictEqual(vgg16.totals.total, 138_357_544);

// ---------------------------------------------------------------------------------------
// ResNet-18 (torchvision): a stem, four stages of two basic blocks, each block
// conv-bn-relu-conv-bn plus a shortcut (a 1×1 convolution and a batch norm when the
// block halves the map or widens it), added back before the ReLU.
const resnet: GraphNode[] = [
  { type: "conv2d", name: "conv1", filters: 64, kernel: 7, stride: 2, padding: 3, bias: false },
  { type: "batchNorm", name: "bn1" },
  { type: "activation", name: "relu", label: "relu" },
  { type: "maxPool2d", name: "maxpool", pool: 3, stride: 2, padding: 1 },
];
let previous = "maxpool";
let channels = 64;
for (const [stage, filters] of [64, 128, 256, 512].entries()) {
  for (let block = 0; block < 2; block++) {
    const stride = stage > 0 && block === 0 ? 2 : 1;
    const p = `layer${stage + 1}.${block}`;
    const conv = { type: "conv2d", kernel: 3, padding: 1, bias: false, filters } as const;
    resnet.push(
      { ...conv, name: `${p}.conv1`, stride, inputs: [previous] },
      { type: "batchNorm", name: `${p}.bn1` },
      { type: "activation", name: `${p}.relu1`, label: "relu" },
      { ...conv, name: `${p}.conv2` },
      { type: "batchNorm", name: `${p}.bn2` },
    );
    let shortcut = previous;
    if (stride !== 1 || channels !== filters) {
      resnet.push(
        {
          type: "conv2d",
          name: `${p}.downsample.0`,
          filters,
          kernel: 1,
          stride,
          bias: false,
          inputs: [previous],
        },
        { type: "batchNorm", name: `${p}.downsample.1` },
      );
      shortcut = `${p}.downsample.1`;
    }
    resnet.push(
      { type: "add", name: `${p}.add`, inputs: [`${p}.bn2`, shortcut] },
      { type: "activation", name: `${p}.relu2`, label: "relu" },
    );
    previous = `${p}.relu2`;
    channels = filters;
  }
}
resnet.push(
  { type: "globalAvgPool2d", name: "avgpool" },
  { type: "dense", name: "fc", units: 1000 },
);
// counted as PyTorch does: the batch norms' running statistics are buffers, not parameters
const resnet18 = graphSummary(resnet, { height: 224, width: 224, channels: 3 }, {
  convention: "pytorch",
});
show("ResNet-18 (torchvision)", resnet18);
strictEqual(resnet18.rows.find((r) => r.name === "layer4.1.add")?.outputShape, "7×7×512");
strictEqual(resnet18.totals.total, 11_689_512); // sum(p.numel() for p in model.parameters())
strictEqual(resnet18.totals.buffers, 9_600); // running means and variances
// Keras's convention would list them as non-trainable parameters inside the total
strictEqual(
  graphSummary(resnet, { height: 224, width: 224, channels: 3 }).totals.total,
  11_699_112,
);

// ---------------------------------------------------------------------------------------
// MobileNetV1 (Keras, alpha 1, 224×224, with top): a strided 'same' convolution, then 13
// depthwise-separable blocks (3×3 depthwise, batch norm, ReLU6, 1×1 pointwise, batch
// norm, ReLU6); a strided block first pads one row and column at the bottom and right.
const mobilenet: Layer[] = [
  { type: "conv2d", filters: 32, kernel: 3, stride: 2, padding: "same", bias: false },
  { type: "batchNorm" },
  { type: "activation", label: "relu6" },
];
const blocks: [number, number][] = [
  [64, 1],
  [128, 2],
  [128, 1],
  [256, 2],
  [256, 1],
  [512, 2],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [1024, 2],
  [1024, 1],
];
for (const [filters, stride] of blocks) {
  if (stride === 2) {
    mobilenet.push({ type: "zeroPadding2d", padding: { top: 0, bottom: 1, left: 0, right: 1 } });
  }
  mobilenet.push(
    {
      type: "depthwiseConv2d",
      kernel: 3,
      stride,
      padding: stride === 1 ? "same" : "valid",
      bias: false,
    },
    { type: "batchNorm" },
    { type: "activation", label: "relu6" },
    { type: "conv2d", filters, kernel: 1, bias: false },
    { type: "batchNorm" },
    { type: "activation", label: "relu6" },
  );
}
mobilenet.push(
  { type: "globalAvgPool2d", keepDims: true },
  { type: "dropout", label: "rate 0.001" },
  { type: "conv2d", filters: 1000, kernel: 1, padding: "same" },
  { type: "flatten", name: "reshape_2" },
  { type: "activation", label: "softmax" },
);
const mobilenetV1 = summary(mobilenet, { height: 224, width: 224, channels: 3 });
show("MobileNetV1 (Keras, alpha 1, 224)", mobilenetV1);
strictEqual(mobilenetV1.rows.at(-6)?.outputShape, "7×7×1024");
strictEqual(mobilenetV1.totals.total, 4_253_864);
strictEqual(mobilenetV1.totals.nonTrainable, 21_888);
strictEqual(mobilenetV1.totals.trainable, 4_231_976);

console.log(
  "\nTotals: LeNet-5 61,706; AlexNet 61,100,840; VGG16 138,357,544; ResNet-18 11,689,512 " +
    "(+ 9,600 buffers); MobileNetV1 4,253,864 (21,888 non-trainable)",
);
