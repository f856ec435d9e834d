// Questions bank A: training, normalisation, CNNs and optimisers.
// Every step opens a lab that exists now, with parameters taken from that
// lab's params.ts (www/pages/<lab>/params.ts); predictions never name their
// answer: the page measures it.
import type { Question } from './types';

// The Concepts lab's gradient-flow presets (www/pages/concepts/flow.ts, PRESETS),
// spelled out so that a link opens exactly that textbook case.
const STALL = { act: 'sigmoid', init: 'xavier', depth: 20, res: false, norm: 'none', opt: 'adam', lr: 0.01 } as const;
const RELU_HE = { act: 'relu', init: 'he', depth: 20, res: false, norm: 'none', opt: 'adam', lr: 0.01 } as const;
const RESIDUAL = { act: 'sigmoid', init: 'xavier', depth: 20, res: true, norm: 'none', opt: 'adam', lr: 0.01 } as const;
const BATCH_NORM = { act: 'sigmoid', init: 'xavier', depth: 20, res: false, norm: 'batch', opt: 'adam', lr: 0.01 } as const;
const EXPLODE = { act: 'relu', init: 'large', depth: 20, res: false, norm: 'none', opt: 'sgd', lr: 0.01 } as const;

// A small character model for the Sequence lab, quick on a laptop CPU.
const SEQ_SMALL = { hidden: 64, embed: 32, bptt: 32, batch: 16 } as const;

// A small GPT whose setup (and parameter table) is quick.
const GPT_SMALL = { layers: 2, width: 64, heads: 4, ctx: 32, batch: 8 } as const;

// Three 3×3 convolutions with padding 1 (sizes kept at 28×28 unless pooled).
const THREE_3X3 = { blocks: 3, k1: 3, s1: 1, p1: 1, k2: 3, s2: 1, p2: 1, k3: 3, s3: 1, p3: 1 } as const;

export const bankA: Question[] = [
  // ───────────────────────────── training ─────────────────────────────
  {
    id: 'vanishing-exploding-gradients',
    group: 'training',
    title: {
      en: 'What causes vanishing and exploding gradients?',
      zh: '梯度消失和梯度爆炸是怎么产生的？',
    },
    answer: {
      en: 'Backpropagation computes each layer’s gradient as a product of per-layer factors: the layer’s weight matrix times the slope of its activation. Over L layers that product behaves like a^L: with a typical factor of 0.25 (the sigmoid’s largest slope) twenty layers shrink the gradient by 0.25^20 ≈ 10⁻¹², while a factor of 1.5 grows it about 3,300-fold. Vanishing leaves the layers near the input barely learning; exploding produces huge updates, loss spikes and NaN. The usual causes are saturating activations, an initialisation whose scale is off (weight variance far from about 1/fan_in), great depth, and, in RNNs, the same recurrent matrix multiplied in at every time step.',
      zh: '反向传播时，每一层的梯度都是逐层因子的连乘：该层的权重矩阵乘以激活函数的导数。L 层下来，这个乘积大致像 a^L：如果典型因子是 0.25（sigmoid 导数的最大值），20 层就会把梯度缩小到 0.25^20 ≈ 10⁻¹²；如果因子是 1.5，则会放大约 3,300 倍。梯度消失时，靠近输入的层几乎学不到东西；梯度爆炸时，参数更新过大，损失剧烈跳动甚至变成 NaN。常见原因包括：会饱和的激活函数、尺度不合适的初始化（权重方差偏离 1/fan_in 的量级）、网络过深，以及 RNN 中每个时间步都要乘同一个循环权重矩阵。',
    },
    steps: [
      {
        lab: 'concepts',
        params: { ...STALL },
        look: {
          en: 'In Gradient flow, the per-layer gradient chart (input on the left) and the first/last ratio under it appear before any training; then press Train for about 20 seconds and watch the loss and the decision region.',
          zh: '在“梯度流”部分，训练前就会显示每层梯度范数图（输入层在左）及其下方的“第一层/最后一层”比值；然后点“训练”约 20 秒，观察损失和决策区域。',
        },
        predict: {
          ask: {
            en: 'In this 20-layer sigmoid net, how will the first hidden layer’s gradient compare with the last one’s?',
            zh: '在这个 20 层 sigmoid 网络里，第一个隐藏层的梯度和最后一个隐藏层相比会怎样？',
          },
          choices: [
            { en: 'About the same size', zh: '大小差不多' },
            { en: 'Orders of magnitude smaller', zh: '小好几个数量级' },
            { en: 'Orders of magnitude larger', zh: '大好几个数量级' },
          ],
        },
      },
      {
        lab: 'concepts',
        params: { ...EXPLODE },
        look: {
          en: 'Read the scale of the gradient chart, then press Train in Gradient flow and watch the loss chart and any warning that appears under the buttons.',
          zh: '先看梯度图的纵轴量级，再在“梯度流”部分点“训练”，观察损失曲线以及按钮下方是否出现警告。',
        },
        predict: {
          ask: {
            en: 'Twenty ReLU layers of width 16 start with weights drawn from N(0, 1), far above He’s variance of 2/16. What will training with SGD do?',
            zh: '20 层宽度为 16 的 ReLU 网络，权重从 N(0, 1) 初始化，远大于 He 初始化的方差 2/16。用 SGD 训练会怎样？',
          },
          choices: [
            { en: 'Train normally', zh: '正常训练' },
            { en: 'Barely move', zh: '几乎不动' },
            { en: 'Blow up: the loss becomes NaN or infinite', zh: '爆炸：损失变成 NaN 或无穷大' },
          ],
        },
      },
      {
        lab: 'sequence',
        params: { ...SEQ_SMALL, cell: 'lstm', gtt: 80 },
        look: {
          en: 'When the page is ready, the Gradient through time panel measures freshly initialised RNN, LSTM and GRU: see how steeply each line falls as you go more steps back, and read in the summary what fraction of the gradient reaches the furthest step back.',
          zh: '页面就绪后，“随时间的梯度”面板会测量刚初始化的 RNN、LSTM 和 GRU：看每条曲线随“向前步数”增加下降得多快，并在下方摘要里读出有多少比例的梯度传到了最远的那一步。',
        },
      },
    ],
  },
  {
    id: 'vanishing-gradient-fixes',
    group: 'training',
    title: {
      en: 'How do you fix vanishing and exploding gradients?',
      zh: '如何缓解梯度消失和梯度爆炸？',
    },
    answer: {
      en: 'The goal is to keep each layer’s multiplicative factor close to 1. Use variance-preserving initialisation (Xavier, Var(w) = 2/(fan_in + fan_out), for tanh and sigmoid; He, Var(w) = 2/fan_in, for ReLU) and non-saturating activations such as ReLU, whose slope is exactly 1 for positive inputs. Add normalisation (BatchNorm, LayerNorm) to re-standardise activations at every layer, and residual connections so the gradient has an identity path around each block; in RNNs the LSTM and GRU gates play that role. Against explosions, clip the gradient norm (to 1 or 5, say), standard for RNNs and LLMs, and lower the learning rate or add warm-up. Adaptive optimizers like Adam rescale each parameter’s step and so tolerate badly scaled gradients, but they cannot recover a signal that has already vanished into noise.',
      zh: '核心思路是让每一层的连乘因子保持在 1 附近。使用保持方差的初始化：tanh/sigmoid 用 Xavier（Var(w) = 2/(fan_in + fan_out)），ReLU 用 He（Var(w) = 2/fan_in）；换用不饱和的激活函数，例如 ReLU 在正半轴导数恒为 1。加入归一化层（BatchNorm、LayerNorm），每层重新标准化激活值；加残差连接，让梯度有一条绕过每个模块的恒等通路；RNN 里 LSTM/GRU 的门控起同样的作用。针对梯度爆炸，用梯度裁剪把梯度范数限制在 1 或 5 之类的阈值内（RNN 和大模型训练的标配），并降低学习率或加 warm-up。Adam 这类自适应优化器按参数缩放步长，对尺度失衡的梯度更宽容，但已经消失成噪声的梯度信号它也救不回来。',
    },
    steps: [
      {
        lab: 'concepts',
        params: { ...RELU_HE },
        look: {
          en: 'Compare the gradient chart in Gradient flow with the 20-layer sigmoid case (its preset button is above), then press Train for about 20 seconds and watch the loss.',
          zh: '把“梯度流”里的梯度图和 20 层 sigmoid 的情况（上方有对应的预设按钮）对比，然后点“训练”约 20 秒，观察损失。',
        },
        predict: {
          ask: {
            en: 'Same 20 layers, but ReLU with He initialisation instead of sigmoid with Xavier. The per-layer gradient line will…',
            zh: '同样 20 层，把 sigmoid + Xavier 换成 ReLU + He 初始化。每层梯度的曲线会……',
          },
          choices: [
            { en: 'still fall steeply toward the input', zh: '仍然向输入端急剧下降' },
            { en: 'be much flatter across the layers', zh: '在各层之间平坦得多' },
            { en: 'rise steeply toward the input', zh: '向输入端急剧上升' },
          ],
        },
      },
      {
        lab: 'concepts',
        params: { ...BATCH_NORM },
        look: {
          en: 'The same sigmoid net with BatchNorm after every layer: read the gradient chart and the first/last ratio, then press Train for about 20 seconds and compare the loss with the plain sigmoid preset.',
          zh: '同一个 sigmoid 网络，每层后加 BatchNorm：看梯度图和“第一层/最后一层”比值，再点“训练”约 20 秒，把损失和不加归一化的 sigmoid 预设对比。',
        },
      },
      {
        lab: 'sequence',
        params: { ...SEQ_SMALL, cell: 'rnn', compare: false, opt: 'sgd', lr: 3, clip: false },
        look: {
          en: 'A plain RNN trained by SGD at learning rate 3 with clipping off: press Train for about 30 seconds and watch the loss climb above where it started.',
          zh: '普通 RNN，用 SGD、学习率 3、关闭梯度裁剪：点“训练”约 30 秒，观察损失是否升到比起点还高。',
        },
      },
      {
        lab: 'sequence',
        params: { ...SEQ_SMALL, cell: 'rnn', compare: false, opt: 'sgd', lr: 3, clip: true, clipAt: 1 },
        look: {
          en: 'The same run with gradients clipped at norm 1: press Train for about 30 seconds and compare its loss curve with the unclipped run.',
          zh: '同样的设置，但把梯度裁剪到范数 1：点“训练”约 30 秒，和未裁剪的那次比较损失曲线。',
        },
        predict: {
          ask: {
            en: 'With clipping at norm 1, the same RNN and learning rate will…',
            zh: '打开裁剪（范数 1）后，同样的 RNN 和学习率会……',
          },
          choices: [
            { en: 'behave just like the unclipped run', zh: '和未裁剪时一模一样' },
            { en: 'train more smoothly, without blowing up', zh: '训练更平稳，不会爆炸' },
            { en: 'stop learning altogether', zh: '完全学不动' },
          ],
        },
      },
    ],
  },
  {
    id: 'residual-connections',
    group: 'training',
    title: {
      en: 'Why do residual connections make very deep networks trainable?',
      zh: '残差连接为什么能让很深的网络训练得动？',
    },
    answer: {
      en: 'A residual block outputs x + F(x) instead of F(x), so its Jacobian is I + ∂F/∂x. In backpropagation the gradient is multiplied at each block by the identity plus something small, not by the small factor alone, so it reaches the early layers through the identity path even when ∂F/∂x is tiny. Expanding the product, the gradient is a sum over paths of every length, short ones included, so a deep residual net trains a bit like an ensemble of shallower ones. Learning the identity is also easy (F = 0), so adding layers no longer makes the training loss worse, the “degradation” problem ResNet solved. This is why ResNets go past 100 layers and every Transformer sub-layer sits inside a residual connection.',
      zh: '残差块输出 x + F(x) 而不是 F(x)，它的雅可比矩阵是 I + ∂F/∂x。反向传播时，每经过一个块，梯度乘的是“恒等加一个小量”，而不是单独的小因子，所以即使 ∂F/∂x 很小，梯度也能沿恒等通路回到前面的层。把连乘展开，梯度是所有长度路径之和，其中包括很短的路径，因此深的残差网络训练起来有点像许多浅网络的集成。学成恒等映射也很容易（让 F = 0 即可），所以加层不会让训练误差变差——这正是 ResNet 解决的“退化”问题。也因此 ResNet 能超过 100 层，Transformer 的每个子层都包在残差连接里。',
    },
    steps: [
      {
        lab: 'concepts',
        params: { ...STALL },
        look: {
          en: 'The baseline: a 20-layer sigmoid net without residuals. Note the gradient chart and the first/last ratio, then press Train in Gradient flow for about 20 seconds and watch the loss and the decision region.',
          zh: '基线：20 层、没有残差的 sigmoid 网络。记下梯度图和“第一层/最后一层”比值，然后在“梯度流”点“训练”约 20 秒，观察损失和决策区域。',
        },
      },
      {
        lab: 'concepts',
        params: { ...RESIDUAL },
        look: {
          en: 'The same net with residual connections: compare the gradient chart and ratio with the baseline, then press Train for about 20 seconds and compare the loss and decision region.',
          zh: '同一个网络加上残差连接：把梯度图和比值与基线对比，然后点“训练”约 20 秒，比较损失和决策区域。',
        },
        predict: {
          ask: {
            en: 'Without residual connections the first hidden layer’s gradient norm was about 1e-14. With them, it will be…',
            zh: '不加残差连接时，第一个隐藏层的梯度范数约为 1e-14。加上残差连接后，它会……',
          },
          choices: [
            { en: 'even smaller than without', zh: '比不加时更小' },
            { en: 'about unchanged', zh: '基本不变' },
            { en: 'much larger than without', zh: '比不加时大得多' },
          ],
        },
      },
    ],
  },
  {
    id: 'sigmoid-saturation',
    group: 'training',
    title: {
      en: 'Why does the sigmoid saturate, and why is that a problem?',
      zh: 'sigmoid 为什么会饱和？饱和有什么问题？',
    },
    answer: {
      en: 'The sigmoid’s derivative is σ(x)(1 − σ(x)): at most 0.25, at x = 0, and at x = 5, where σ ≈ 0.993, only about 0.0066. Once a unit’s input is far from 0 its output sticks near 0 or 1 and it passes almost no gradient back: the unit is saturated, and large weights or unnormalised inputs push many units there. Even unsaturated, every sigmoid layer scales the gradient by at most 0.25, which compounds with depth. Its outputs are also always positive (not zero-centred), so the next layer’s weight gradients share one sign and updates zig-zag. That is why hidden layers use ReLU or GELU, while the sigmoid stays useful for output probabilities and for LSTM and GRU gates.',
      zh: 'sigmoid 的导数是 σ(x)(1 − σ(x))：最大只有 0.25（在 x = 0 处）；在 x = 5 时 σ ≈ 0.993，导数只有约 0.0066。一旦单元的输入远离 0，输出就卡在 0 或 1 附近，几乎不向回传梯度，这就是饱和；权重过大或输入没有归一化，都会把大量单元推进饱和区。即使不饱和，每经过一层 sigmoid，梯度也至少缩小到原来的 1/4，层数一多就累积成指数衰减。另外它的输出恒为正、不以 0 为中心，导致下一层权重的梯度同号，更新呈锯齿状。所以隐藏层一般用 ReLU 或 GELU，sigmoid 留给输出概率以及 LSTM、GRU 里的门控。',
    },
    steps: [
      {
        lab: 'concepts',
        params: { act: 'sigmoid', init: 'large', depth: 10, res: false, norm: 'none', opt: 'adam', lr: 0.01 },
        look: {
          en: 'In Gradient flow, look at the activation histograms of every hidden layer (shown before training) and at the gradient chart.',
          zh: '在“梯度流”部分，看每个隐藏层的激活值直方图（训练前就会显示）和梯度图。',
        },
        predict: {
          ask: {
            en: 'With weights drawn from N(0, 1), where will most hidden sigmoid outputs sit?',
            zh: '权重从 N(0, 1) 初始化时，隐藏层 sigmoid 的输出大多落在哪里？',
          },
          choices: [
            { en: 'Bunched around 0.5', zh: '集中在 0.5 附近' },
            { en: 'Piled up near 0 and 1', zh: '堆积在 0 和 1 附近' },
            { en: 'Spread evenly between 0 and 1', zh: '在 0 到 1 之间均匀分布' },
          ],
        },
      },
      {
        lab: 'concepts',
        params: { act: 'sigmoid', init: 'xavier', depth: 10, res: false, norm: 'none', opt: 'adam', lr: 0.01 },
        look: {
          en: 'The same net with Xavier initialisation: compare the histograms and the gradient chart with the previous step, then press Train for about 20 seconds and watch how the histograms change.',
          zh: '同一个网络改用 Xavier 初始化：和上一步比较直方图和梯度图，然后点“训练”约 20 秒，看直方图如何变化。',
        },
      },
      {
        lab: 'vision',
        params: { act: 'relu', init: 'he', batch: 32 },
        look: {
          en: 'The baseline CNN with ReLU: press Train, let it run for about 30 seconds, press Pause and note the test accuracy curve.',
          zh: '使用 ReLU 的基线 CNN：点“训练”，运行约 30 秒后点“暂停”，记下测试准确率曲线。',
        },
      },
      {
        lab: 'vision',
        params: { act: 'sigmoid', init: 'xavier', batch: 32 },
        look: {
          en: 'The same CNN with sigmoid activations: train for the same 30 seconds, pause, and compare the loss and test accuracy curves with the ReLU run.',
          zh: '同一个 CNN 换成 sigmoid 激活：同样训练 30 秒后暂停，把损失和测试准确率曲线与 ReLU 那次对比。',
        },
        predict: {
          ask: {
            en: 'Over its first 80 training steps, what will the sigmoid CNN’s training loss do? (The ReLU CNN’s fell from about 4 to about 0.4.)',
            zh: '在最初 80 步训练中，sigmoid CNN 的训练损失会怎样？（ReLU CNN 的损失从约 4 降到约 0.4。）',
          },
          choices: [
            { en: 'Fall about as fast as ReLU’s', zh: '和 ReLU 的下降得差不多快' },
            { en: 'Stay on a plateau near 2.3 (chance), then start to fall', zh: '停在 2.3（随机猜测水平）附近，之后才开始下降' },
            { en: 'Blow up', zh: '发散' },
          ],
        },
      },
    ],
  },
  {
    id: 'why-nonlinearity',
    group: 'training',
    title: {
      en: 'Why do neural networks need non-linear activation functions?',
      zh: '神经网络为什么需要非线性激活函数？',
    },
    answer: {
      en: 'Without them stacked layers collapse: W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂) is again a single affine map, so a 100-layer linear network is no more expressive than a linear model. A linear classifier can only draw a hyperplane, so it cannot solve XOR or separate a ring from the points inside it. A non-linearity between layers lets each layer bend the space: with ReLU the network is piecewise linear with many pieces, and by the universal approximation theorem one wide enough hidden layer can approximate any continuous function on a bounded domain, while depth composes the bends efficiently. The choice also matters for training: ReLU is cheap and does not saturate for positive inputs, and GELU and SiLU are smooth variants used in Transformers.',
      zh: '没有激活函数，多层就会塌缩成一层：W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂) 仍是一个仿射变换，100 层的线性网络表达能力并不比一个线性模型强。线性分类器只能画出一个超平面，解决不了异或（XOR），也分不开一个圆环和它内部的点。在层与层之间加入非线性，每一层就能把空间“折弯”：用 ReLU 时网络是分段线性的，段数可以很多；根据万能逼近定理，足够宽的单隐藏层就能在有界区域内逼近任意连续函数，而加深网络能更高效地组合这些折弯。选哪种非线性也影响训练：ReLU 计算便宜、正半轴不饱和；GELU、SiLU 是 Transformer 常用的平滑版本。',
    },
    steps: [
      {
        lab: 'concepts',
        params: { ds: 'xor', noise: 0.1, depth: 2, width: 16, act: 'relu', init: 'he', res: false, norm: 'none', opt: 'adam', lr: 0.01 },
        look: {
          en: 'XOR: in Gradient flow, press Train for about 15 seconds and look at the shape of the decision region.',
          zh: '异或数据：在“梯度流”部分点“训练”约 15 秒，观察决策区域的形状。',
        },
        predict: {
          ask: {
            en: 'What will the learned decision region on XOR look like?',
            zh: '在异或数据上学到的决策区域会是什么样？',
          },
          choices: [
            { en: 'A straight line or a single class: no better than chance', zh: '一条直线或全判一类：不比随机猜测好' },
            { en: 'Regions with bent borders that follow the four quadrants', zh: '边界弯折、贴合四个象限的区域' },
          ],
        },
      },
      {
        lab: 'concepts',
        params: { ds: 'circles', noise: 0.1, depth: 2, width: 16, act: 'tanh', init: 'xavier', res: false, norm: 'none', opt: 'adam', lr: 0.01 },
        look: {
          en: 'Two rings: press Train in Gradient flow for about 15 seconds and look for a closed border around the inner ring, which no stack of purely linear layers could draw.',
          zh: '两个同心圆：在“梯度流”部分点“训练”约 15 秒，看是否出现一条包住内圈的闭合边界——纯线性层再怎么堆叠也画不出来。',
        },
      },
    ],
  },
  {
    id: 'gradient-descent-backprop',
    group: 'training',
    title: {
      en: 'Explain gradient descent and backpropagation.',
      zh: '讲讲梯度下降和反向传播。',
    },
    answer: {
      en: 'Gradient descent minimises the loss by repeatedly stepping against its gradient, w ← w − η∇L(w); mini-batch SGD estimates that gradient from a random batch at each step. Backpropagation is how the gradient is computed: the forward pass stores each layer’s intermediate values, then the chain rule runs from the loss backwards, each layer turning ∂L/∂(its output) into ∂L/∂(its input) and ∂L/∂(its weights). The backward pass costs about two forward passes, so a training step is roughly three, and the stored activations are why training needs so much memory. The learning rate η is the crucial knob: on a quadratic, gradient descent converges only if η < 2/λ_max (the largest curvature), and the ratio of largest to smallest curvature sets how slowly the flat directions progress. Too small and it crawls; too large and it oscillates or diverges.',
      zh: '梯度下降通过反复沿负梯度方向迈一步来最小化损失：w ← w − η∇L(w)；小批量 SGD 每一步用随机抽取的一批样本来估计这个梯度。反向传播是计算梯度的方法：前向传播时保存每层的中间结果，然后从损失开始按链式法则往回算，每一层把 ∂L/∂输出 变成 ∂L/∂输入 和 ∂L/∂权重。反向的计算量约为前向的两倍，所以一步训练大约相当于三次前向；而保存的激活值正是训练占显存多的原因。学习率 η 是最关键的旋钮：在二次函数上，只有 η < 2/λ_max（最大曲率）时梯度下降才收敛，最大与最小曲率之比（条件数）决定平坦方向走得有多慢。太小就爬得很慢，太大则来回震荡甚至发散。',
    },
    steps: [
      {
        lab: 'concepts',
        params: { surface: 'bowl', rlr: 0.01, rsteps: 150 },
        look: {
          en: 'The optimizer race runs as the page opens: follow SGD’s black path on the stretched bowl x²/2 + 10y² and read where it ends in the legend.',
          zh: '页面打开时优化器赛跑会自动运行：沿着 SGD 的黑色路径看它在拉长的碗 x²/2 + 10y² 上怎么走，并在图例里读出终点。',
        },
      },
      {
        lab: 'concepts',
        params: { surface: 'bowl', rlr: 0.3, rsteps: 150 },
        look: {
          en: 'The same race with learning rate 0.3: look at SGD’s path and its final value in the legend, and compare with Adam’s.',
          zh: '同样的赛跑，学习率改成 0.3：看 SGD 的路径和图例里的终点值，并和 Adam 对比。',
        },
        predict: {
          ask: {
            en: 'With the learning rate raised to 0.3, what will plain SGD do on this bowl?',
            zh: '学习率提高到 0.3 后，普通 SGD 在这个碗上会怎样？',
          },
          choices: [
            { en: 'Reach the minimum faster', zh: '更快到达最小值' },
            { en: 'Zig-zag but still converge', zh: '来回震荡但仍然收敛' },
            { en: 'Fly off and diverge', zh: '越走越远，发散' },
          ],
        },
      },
      {
        lab: 'concepts',
        params: { ds: 'spiral', depth: 5, width: 16, act: 'relu', init: 'he', res: false, norm: 'none', opt: 'sgd', lr: 0.1 },
        look: {
          en: 'In Gradient flow, the chart shows ‖∂L/∂W‖ for every layer, all from one backward pass; press Train and watch the loss fall step by step as SGD uses those gradients.',
          zh: '在“梯度流”部分，图中是一次反向传播得到的每层 ‖∂L/∂W‖；点“训练”，看 SGD 用这些梯度一步步把损失降下来。',
        },
      },
    ],
  },
  {
    id: 'cross-entropy-vs-mse',
    group: 'training',
    title: {
      en: 'Why use cross-entropy rather than MSE for classification?',
      zh: '分类问题为什么用交叉熵而不用均方误差（MSE）？',
    },
    answer: {
      en: 'A classifier outputs probabilities through a softmax (or sigmoid), and cross-entropy, L = −log p(true class), is the negative log-likelihood of the labels: the maximum-likelihood loss for a categorical output. With softmax its gradient with respect to the logits is simply p − y, largest when the model is confidently wrong, so it learns fastest exactly where it should. MSE on a sigmoid output has gradient (p − y)·p(1 − p): if the true class gets p = 0.001, the factor p(1 − p) ≈ 0.001 all but cancels the gradient and learning stalls, and the loss is non-convex in the logits. Cross-entropy also punishes confident mistakes steeply: −log 0.01 ≈ 4.6, while a squared error on a probability never exceeds 1. It has an information meaning too: measured in bits, it is the average code length, the bits per character that language models report.',
      zh: '分类器通过 softmax（或 sigmoid）输出概率，交叉熵 L = −log p(真实类别) 就是标签的负对数似然，是类别分布下的最大似然损失。配合 softmax，它对 logits 的梯度就是 p − y：模型越是“自信地错”，梯度越大，正好在最需要学的地方学得最快。MSE 配 sigmoid 输出时梯度是 (p − y)·p(1 − p)：如果真实类别的概率只有 0.001，p(1 − p) ≈ 0.001 这个因子几乎把梯度抵消掉，训练停滞；而且它对 logits 是非凸的。交叉熵对自信的错误惩罚很重：−log 0.01 ≈ 4.6，而概率上的平方误差最多只有 1。它还有信息论含义：以比特为单位的交叉熵就是平均编码长度，也就是语言模型报告的每字比特数（bpc）。',
    },
    steps: [
      {
        lab: 'vision',
        params: { batch: 32, init: 'xavier' },
        look: {
          en: 'Press Train and read the first points of the loss curve (cross-entropy over the 10 digit classes); pause after about 30 seconds.',
          zh: '点“训练”，读出损失曲线最开始的几个点（10 个数字类别上的交叉熵）；约 30 秒后暂停。',
        },
        predict: {
          ask: {
            en: 'Before the CNN has learned anything, its cross-entropy on 10 balanced classes will start near…',
            zh: '在 CNN 还什么都没学到时，它在 10 个均衡类别上的交叉熵起点大约是……',
          },
          choices: [
            { en: '0', zh: '0' },
            { en: '1', zh: '1' },
            { en: '2.3', zh: '2.3' },
            { en: '10', zh: '10' },
          ],
        },
      },
      {
        lab: 'vision',
        params: { batch: 32 },
        look: {
          en: 'After training and pausing, click a misclassified digit under Results and read its class probabilities in Inside the network: its loss is −log of the probability given to the true label, large for a confident mistake.',
          zh: '训练并暂停后，在结果区点击一个分错的数字，在“网络内部”读出各类别的概率：它的损失是 −log（真实标签的概率），自信的错误损失很大。',
        },
      },
      {
        lab: 'sequence',
        params: { ...SEQ_SMALL, cell: 'lstm' },
        look: {
          en: 'Read the number of distinct characters in the Ready line, press Train, and compare the very first training loss (nats per character) with the natural log of that number; the bits-per-character chart is the same cross-entropy divided by ln 2.',
          zh: '在“就绪”一行读出不同字符的个数，点“训练”，把最初的训练损失（奈特/字）和这个数的自然对数对比；每字比特数（bpc）图就是同一个交叉熵除以 ln 2。',
        },
      },
    ],
  },
  {
    id: 'overfitting-remedies',
    group: 'training',
    title: {
      en: 'How do you detect and reduce overfitting?',
      zh: '如何发现和缓解过拟合？',
    },
    answer: {
      en: 'Overfitting shows as a growing gap: the training loss keeps falling while the validation loss flattens or rises, because the model has enough capacity to memorise the noise in too little data. The most effective remedy is more data, or data augmentation that creates plausible variants (shifts, crops, flips, noise). Next, reduce the effective capacity: a smaller model, L2 weight decay or L1, dropout, and early stopping at the best validation loss; label smoothing and ensembles help too. Always judge on a held-out set and tune the regularisation strength there, because too much of it turns overfitting into underfitting, with both losses high.',
      zh: '过拟合的表现是差距越拉越大：训练损失还在下降，验证损失却变平甚至上升，因为模型容量足以把少量数据里的噪声背下来。最有效的办法是增加数据，或者用数据增强生成合理的变体（平移、裁剪、翻转、加噪声）。其次是降低有效容量：更小的模型、L2 权重衰减或 L1 正则化、Dropout，以及在验证损失最好时提前停止（early stopping）；标签平滑和模型集成也有帮助。一定要在留出的验证集上判断，并在上面调正则化强度，因为正则太强会把过拟合变成欠拟合（训练和验证损失都高）。',
    },
    steps: [
      {
        lab: 'concepts',
        params: { ds: 'xor', noise: 1, n: 50, depth: 5, width: 64, act: 'relu', init: 'he', res: false, norm: 'none', opt: 'adam', lr: 0.01 },
        look: {
          en: 'A wide 5-layer net on 50 very noisy points: press Train in Gradient flow for about 10 seconds and compare the solid training loss with the dashed test loss, and the shape of the decision region.',
          zh: '宽的 5 层网络、50 个噪声很大的点：在“梯度流”部分点“训练”约 10 秒，比较实线（训练损失）和虚线（测试损失），并观察决策区域的形状。',
        },
        predict: {
          ask: {
            en: 'As training goes on, what will the test loss do?',
            zh: '随着训练进行，测试损失会怎样？',
          },
          choices: [
            { en: 'Keep falling with the training loss (perhaps a little above it)', zh: '和训练损失一起持续下降（也许略高一些）' },
            { en: 'Level off, then rise while the training loss keeps falling', zh: '先持平，然后在训练损失继续下降时上升' },
          ],
        },
      },
      {
        lab: 'concepts',
        params: { ds: 'xor', noise: 0.5, n: 1000, depth: 5, width: 64, act: 'relu', init: 'he', res: false, norm: 'none', opt: 'adam', lr: 0.01 },
        look: {
          en: 'The same net with 20 times as many points: train for about 30 seconds and compare the gap between training and test loss with the previous step.',
          zh: '同一个网络，数据点多 20 倍：训练约 30 秒，把训练损失与测试损失之间的差距和上一步比较。',
        },
      },
      {
        lab: 'concepts',
        params: { dp: 0.5 },
        look: {
          en: 'In the Dropout section, under “Overfitting a small noisy data set”, press Train for about 30 seconds, then Pause, and compare the two nets’ training and test losses in the line under the chart.',
          zh: '在 Dropout 部分的“在小而嘈杂的数据集上过拟合”下点“训练”约 30 秒后暂停，比较图下方那一行中两个网络的训练和测试损失。',
        },
        predict: {
          ask: {
            en: 'Which net will end with the lower test loss?',
            zh: '哪个网络最后的测试损失更低？',
          },
          choices: [
            { en: 'The one without dropout', zh: '没有 Dropout 的' },
            { en: 'The one with dropout p = 0.5', zh: 'Dropout p = 0.5 的' },
            { en: 'Neither: they end the same', zh: '两者一样' },
          ],
        },
      },
    ],
  },
  {
    id: 'l1-vs-l2',
    group: 'training',
    title: {
      en: 'L1 versus L2 regularisation: what is the difference?',
      zh: 'L1 正则化和 L2 正则化有什么区别？',
    },
    answer: {
      en: 'L2 adds λ‖w‖²/2 to the loss; its gradient λw pulls each weight toward zero in proportion to its size, so weights get small but almost never exactly zero: a Gaussian prior, and under plain SGD the same thing as weight decay. L1 adds λ‖w‖₁; its subgradient λ·sign(w) pulls every weight by the same amount whatever its size, so a weight whose data gradient is weaker than λ ends at exactly zero: a sparse model that selects features (the Lasso, a Laplace prior). Geometrically the L1 ball has corners on the axes, and the loss contours usually touch it at a corner. Exact zeros need a proximal step, soft-thresholding w ← sign(w)·max(|w| − ηλ, 0); plain SGD on |w| just jitters around zero. Deep nets mostly use L2 or weight decay; L1 is for sparsity and interpretability.',
      zh: 'L2 在损失上加 λ‖w‖²/2，梯度为 λw，按权重大小成比例地把它拉向 0，所以权重变小但几乎不会恰好为 0；它对应高斯先验，在普通 SGD 下等价于权重衰减。L1 加 λ‖w‖₁，次梯度为 λ·sign(w)，不管权重大小都以同样的力度往 0 拉，数据梯度小于 λ 的权重最终恰好变成 0：得到稀疏模型，相当于做特征选择（Lasso，对应拉普拉斯先验）。从几何上看，L1 球的角落在坐标轴上，损失的等高线通常先碰到这些角。要得到真正的 0 需要近端步骤，即软阈值 w ← sign(w)·max(|w| − ηλ, 0)；直接对 |w| 做 SGD 只会在 0 附近抖动。深度网络大多用 L2/权重衰减，L1 用于需要稀疏性和可解释性的场景。',
    },
    steps: [
      {
        lab: 'concepts',
        params: { lam: 0.003 },
        look: {
          en: 'In the L1 versus L2 section, press Train for about 30 seconds, then Pause; compare the two weight histograms and their counts of weights that are exactly zero.',
          zh: '在“L1 与 L2”部分点“训练”约 30 秒后暂停，比较两个权重直方图，以及各自“恰好为零”的权重个数。',
        },
        predict: {
          ask: {
            en: 'With the same strength λ, which net will end with more weights exactly at zero?',
            zh: '在同样的强度 λ 下，哪个网络最后恰好为零的权重更多？',
          },
          choices: [
            { en: 'The L1 net', zh: 'L1 网络' },
            { en: 'The L2 net', zh: 'L2 网络' },
            { en: 'Neither: both have almost none', zh: '都差不多，几乎没有' },
          ],
        },
      },
      {
        lab: 'concepts',
        params: { lam: 0.03 },
        look: {
          en: 'Ten times the strength: train for about 30 seconds, pause, count the zeros again, and check whether the training loss itself now stays high (underfitting).',
          zh: '强度加大 10 倍：训练约 30 秒后暂停，再数一遍零权重，并看训练损失本身是否也降不下来（欠拟合）。',
        },
      },
    ],
  },
  {
    id: 'dropout-train-eval',
    group: 'training',
    title: {
      en: 'What does dropout do, and how does it behave in training versus evaluation?',
      zh: 'Dropout 起什么作用？训练和推理时有什么不同？',
    },
    answer: {
      en: 'During training, dropout zeroes each activation independently with probability p, so the network cannot lean on any single unit; in effect it trains an ensemble of thinned sub-networks that share weights, which reduces overfitting. Modern “inverted” dropout scales the surviving activations by 1/(1 − p) during training (with p = 0.5 they are doubled), so the expected activation is unchanged. At evaluation dropout is switched off and the full network runs unscaled, approximating the average of the ensemble. That is why you must call model.eval() before testing and model.train() afterwards; otherwise predictions are noisy and differ from call to call. Typical rates are 0.1 in Transformers and up to 0.5 before large dense layers.',
      zh: '训练时，Dropout 以概率 p 独立地把每个激活置零，网络就无法依赖某个单独的神经元；效果上相当于训练一大批共享权重的“变瘦”子网络的集成，从而减轻过拟合。现在通用的“反向 Dropout”（inverted dropout）在训练时把保留下来的激活乘以 1/(1 − p)——p = 0.5 时就是乘 2——保证激活的期望不变。推理时关闭 Dropout，完整网络不做任何缩放直接计算，近似于对整个集成取平均。所以测试前必须调用 model.eval()，之后再调回 model.train()，否则预测带随机噪声，每次调用结果都不一样。常见取值：Transformer 里 0.1，大的全连接层前可到 0.5。',
    },
    steps: [
      {
        lab: 'concepts',
        params: { dp: 0.5 },
        look: {
          en: 'In the Dropout section, compare the three matrices (the activations, training mode with the survivors scaled, evaluation mode) and read the line of means under them.',
          zh: '在 Dropout 部分比较三个矩阵（原始激活、缩放了保留值的训练模式、推理模式），并读出下方那一行均值。',
        },
        predict: {
          ask: {
            en: 'With p = 0.5, the mean of 100,000 activations after dropout in training mode, compared with before, will be…',
            zh: 'p = 0.5 时，训练模式下 100,000 个激活在 Dropout 之后的均值，与之前相比会……',
          },
          choices: [
            { en: 'about half', zh: '约为一半' },
            { en: 'about the same', zh: '基本相同' },
            { en: 'about double', zh: '约为两倍' },
          ],
        },
      },
      {
        lab: 'concepts',
        params: { dp: 0.9 },
        look: {
          en: 'At p = 0.9 the caption shows the survivors’ multiplier: see how sparse the training-mode matrix is, and compare the evaluation-mode matrix with the input.',
          zh: 'p = 0.9 时标题里会显示保留值的乘数：看训练模式的矩阵有多稀疏，再把推理模式的矩阵和输入对比。',
        },
      },
      {
        lab: 'vision',
        params: { drop: 0.5, hidden: 128, batch: 32 },
        look: {
          en: 'A CNN with dropout 0.5 before its dense layers: press Train for about 30 seconds, pause, and compare the per-batch training loss (dropout on) with the test loss (dropout off) on the loss chart.',
          zh: '在全连接层前加 Dropout 0.5 的 CNN：点“训练”约 30 秒后暂停，在损失图上比较每批训练损失（Dropout 开启）和测试损失（Dropout 关闭）。',
        },
        predict: {
          ask: {
            en: 'Which will be lower on the loss chart: the per-batch training loss or the test loss?',
            zh: '损失图上哪条更低：每批的训练损失，还是测试损失？',
          },
          choices: [
            { en: 'The training loss, as usual', zh: '训练损失，和平常一样' },
            { en: 'The test loss', zh: '测试损失' },
            { en: 'They overlap', zh: '两者重合' },
          ],
        },
      },
    ],
  },

  // ─────────────────────────── normalisation ───────────────────────────
  {
    id: 'what-normalisation-does',
    group: 'normalisation',
    title: {
      en: 'What does a normalisation layer do, and why does it help training?',
      zh: '归一化层做了什么？为什么能帮助训练？',
    },
    answer: {
      en: 'A normalisation layer standardises activations, subtracting a mean and dividing by a standard deviation computed over some set of values, and then applies a learned per-feature scale γ and shift β. This keeps each layer’s inputs in a stable range while the earlier weights change, so activations do not drift into saturation and gradients stay well scaled at every depth. In practice it allows larger learning rates, makes training far less sensitive to initialisation and speeds convergence; BatchNorm’s batch noise also regularises a little. The original “internal covariate shift” explanation is disputed; a smoother, better-conditioned loss landscape is the more accepted one. The variants differ only in the axes of the statistics: BatchNorm over the batch (and positions), LayerNorm over one example’s features, GroupNorm over groups of channels, and RMSNorm drops the mean.',
      zh: '归一化层把激活值标准化——减去均值、除以标准差（统计量在某一组数值上计算）——再用可学习的逐特征缩放 γ 和平移 β 变换回去。这样，即使前面层的权重在变化，每一层的输入也保持在稳定的范围内，激活不会漂进饱和区，各层梯度的尺度也保持合理。实际效果是：可以用更大的学习率，对初始化不再那么敏感，收敛更快；BatchNorm 的批统计量带有噪声，还有一点正则化作用。最初“内部协变量偏移”（internal covariate shift）的解释有争议，目前更被认可的说法是它让损失曲面更平滑、条件更好。各种变体的区别只在于统计量沿哪些维度计算：批归一化（BatchNorm）沿批次（和空间位置），层归一化（LayerNorm）沿单个样本的特征，GroupNorm 沿通道分组，RMSNorm 则不减均值。',
    },
    steps: [
      {
        lab: 'concepts',
        params: { nb: 8 },
        look: {
          en: 'In BatchNorm versus LayerNorm, compare the per-column mean/std under the input activations with those under BatchNorm’s training-mode output.',
          zh: '在“BatchNorm 与 LayerNorm”部分，把输入激活下方的每列均值/标准差与 BatchNorm 训练模式输出下方的对比。',
        },
      },
      {
        lab: 'concepts',
        params: { ...BATCH_NORM },
        look: {
          en: 'A 20-layer sigmoid net with BatchNorm after every layer: compare its gradient chart with the “20-layer sigmoid (stalls)” preset, then press Train in Gradient flow for about 20 seconds.',
          zh: '每层后都加 BatchNorm 的 20 层 sigmoid 网络：把梯度图和“20 层 sigmoid（停滞）”预设对比，然后在“梯度流”点“训练”约 20 秒。',
        },
      },
      {
        lab: 'vision',
        params: { opt: 'sgd', lr: 0.5, batch: 32, bn: false },
        look: {
          en: 'The CNN without BatchNorm, trained by plain SGD at the high learning rate 0.5: press Train for about 30 seconds, pause, and note the loss and test accuracy curves (stuck near chance).',
          zh: '不加 BatchNorm 的 CNN，用普通 SGD、较高的学习率 0.5：点“训练”约 30 秒后暂停，记下损失和测试准确率曲线（卡在随机猜测水平附近）。',
        },
      },
      {
        lab: 'vision',
        params: { opt: 'sgd', lr: 0.5, batch: 32, bn: true },
        look: {
          en: 'The same CNN and learning rate with BatchNorm after each convolution: train for the same 30 seconds, pause, and compare the curves with the previous step.',
          zh: '同样的 CNN 和学习率，每个卷积后加 BatchNorm：同样训练 30 秒后暂停，和上一步比较曲线。',
        },
        predict: {
          ask: {
            en: 'At learning rate 0.5 the plain CNN got stuck at chance. With BatchNorm, where will the training loss be after 150 steps?',
            zh: '学习率 0.5 时，不加 BatchNorm 的 CNN 卡在随机猜测水平。加了 BatchNorm 后，训练 150 步时训练损失会在哪里？',
          },
          choices: [
            { en: 'Still near 2.3: stuck like the plain one', zh: '仍在 2.3 附近：和不加的一样卡住' },
            { en: 'Well below 2.3: it learns', zh: '明显低于 2.3：能学起来' },
            { en: 'Blown up', zh: '发散' },
          ],
        },
      },
    ],
  },
  {
    id: 'batchnorm-vs-layernorm',
    group: 'normalisation',
    title: {
      en: 'BatchNorm versus LayerNorm: what is the difference, and why do Transformers use LayerNorm?',
      zh: 'BatchNorm 和 LayerNorm 有什么区别？Transformer 为什么用 LayerNorm？',
    },
    answer: {
      en: 'BatchNorm takes the mean and variance of each feature (channel) across the examples in the batch, and in CNNs across positions too, so one example’s output depends on the others; it keeps running averages for inference, so training and evaluation behave differently, and it degrades with small batches. LayerNorm takes them across the features of each single example, say the 768 values of one token, so it does not depend on the batch at all and computes the same thing in training and inference. Transformers use LayerNorm because their batches hold padded sequences of varying length (batch statistics would mix padding and positions), per-device batches are often small, generation runs one token at a time, and per-token normalisation is simple and stable. CNNs keep BatchNorm because a channel’s statistics are shared across images and large batches are easy; many recent LLMs use RMSNorm, a LayerNorm without the mean subtraction and with γ only.',
      zh: 'BatchNorm 对每个特征（通道）在批内所有样本上（CNN 中还包括所有空间位置）计算均值和方差，所以一个样本的输出依赖于同批的其他样本；推理时要用训练中累积的滑动平均，因此训练和推理行为不同，批很小时效果会变差。LayerNorm 对单个样本的所有特征计算统计量——比如一个 token 的 768 个值——完全不依赖批，训练和推理的计算一模一样。Transformer 用 LayerNorm，是因为一个批里是经过填充、长度不一的序列（批统计量会把 padding 和不同位置混在一起），每张卡上的批往往很小，生成时一次只处理一个 token，而按 token 归一化简单又稳定。CNN 仍用 BatchNorm，因为同一通道在不同图像间统计量相近，大批量也容易做到；很多新的大模型用 RMSNorm，即不减均值、只有 γ 的 LayerNorm。',
    },
    steps: [
      {
        lab: 'concepts',
        params: { nb: 8 },
        look: {
          en: 'In BatchNorm versus LayerNorm (rows are examples, columns features), read the per-column statistics under BatchNorm and the per-row statistics under LayerNorm.',
          zh: '在“BatchNorm 与 LayerNorm”部分（行是样本，列是特征），读出 BatchNorm 下方的每列统计量和 LayerNorm 下方的每行统计量。',
        },
        predict: {
          ask: {
            en: 'Along which direction does each method make the values mean 0 and std 1?',
            zh: '两种方法分别沿哪个方向把数值变成均值 0、标准差 1？',
          },
          choices: [
            { en: 'BatchNorm each column (a feature over the batch); LayerNorm each row (an example over its features)', zh: 'BatchNorm 按列（一个特征在批内）；LayerNorm 按行（一个样本在其特征上）' },
            { en: 'BatchNorm each row; LayerNorm each column', zh: 'BatchNorm 按行；LayerNorm 按列' },
            { en: 'Both over the whole matrix at once', zh: '两者都对整个矩阵一起算' },
          ],
        },
      },
      {
        lab: 'concepts',
        params: { nb: 1 },
        look: {
          en: 'A batch of one example: compare BatchNorm’s training-mode row with LayerNorm’s row, and read the note under the matrices.',
          zh: '批里只有一个样本：比较 BatchNorm 训练模式的那一行和 LayerNorm 的那一行，并阅读矩阵下方的说明。',
        },
      },
      {
        lab: 'gpt',
        params: { ...GPT_SMALL, nk: 'layerNorm' },
        look: {
          en: 'When the model is built, read the LayerNorms row of Parameters and FLOPs: how many norms a 2-layer GPT has and their parameters, a γ and β per feature of the width, with no batch statistics anywhere.',
          zh: '模型构建好后，看“参数量与 FLOPs”表里的 LayerNorm 一行：2 层 GPT 有几个归一化层、多少参数——每个宽度维度一个 γ 和一个 β，没有任何批统计量。',
        },
      },
      {
        lab: 'gpt',
        params: { ...GPT_SMALL, nk: 'rmsNorm' },
        look: {
          en: 'The same GPT with RMSNorm (as in LLaMA): compare the norms row of Parameters and FLOPs with the LayerNorm model.',
          zh: '同一个 GPT 改用 RMSNorm（LLaMA 的做法）：把“参数量与 FLOPs”表中归一化那一行和 LayerNorm 版本对比。',
        },
        predict: {
          ask: {
            en: 'Switching LayerNorm to RMSNorm, the norms’ parameter count will…',
            zh: '把 LayerNorm 换成 RMSNorm 后，归一化层的参数量会……',
          },
          choices: [
            { en: 'stay the same', zh: '不变' },
            { en: 'halve', zh: '减半' },
            { en: 'double', zh: '翻倍' },
          ],
        },
      },
    ],
  },
  {
    id: 'batchnorm-gamma-beta-batch-one',
    group: 'normalisation',
    title: {
      en: 'What are BatchNorm’s γ and β for, and what happens with a batch size of 1?',
      zh: 'BatchNorm 里的 γ 和 β 有什么用？批大小为 1 时会怎样？',
    },
    answer: {
      en: 'After standardising, BatchNorm outputs y = γ·x̂ + β with one learned γ and β per channel. They give back the freedom normalisation took away: the layer can choose any scale and offset for the next activation, and γ = √(σ² + ε), β = μ even recovers the identity. So a BatchNorm over C channels has 2C trainable parameters, plus 2C running statistics (mean and variance) that are updated by a moving average, not by gradients. With batch size 1 in training mode after a dense layer, each feature’s batch mean is the value itself and its variance is 0, so x̂ = 0 and the output is just β: no information passes and the gradients are meaningless (in a CNN the statistics also run over H×W positions, so it still works, but noisily). At inference a batch of one is fine because the running mean and variance are used; for tiny training batches switch to GroupNorm or LayerNorm, synchronise BN across devices, or freeze its statistics.',
      zh: '标准化之后，BatchNorm 输出 y = γ·x̂ + β，每个通道各有一个可学习的 γ 和 β。它们把归一化拿走的自由度还给网络：这一层可以为下一个激活函数选择任意的尺度和偏移，取 γ = √(σ² + ε)、β = μ 甚至能还原成恒等变换。所以 C 个通道的 BatchNorm 有 2C 个可训练参数，另外还有 2C 个滑动统计量（均值和方差），它们靠滑动平均更新，不参与梯度下降。在全连接层后训练时如果批大小为 1，每个特征的批均值就是它自己、方差为 0，于是 x̂ = 0，输出只剩 β：信息传不过去，梯度也没有意义（CNN 里统计量还包括 H×W 个位置，所以还能用，但噪声很大）。推理时批大小为 1 没有问题，因为用的是滑动均值和方差；训练时批太小，就换成 GroupNorm 或 LayerNorm、跨卡同步 BN，或者冻结统计量。',
    },
    steps: [
      {
        lab: 'vision',
        params: { bn: true },
        look: {
          en: 'Read the batchnorm rows of the Layer by layer table (no training needed): their Parameters and Output columns.',
          zh: '看“逐层统计”表里 batchnorm 那几行（无需训练）：它们的“参数量”和“输出”两列。',
        },
        predict: {
          ask: {
            en: 'How many trainable parameters will the table give the BatchNorm after the first convolution (8 channels)?',
            zh: '表中第一个卷积（8 个通道）之后的 BatchNorm 有多少个可训练参数？',
          },
          choices: [
            { en: '8', zh: '8' },
            { en: '16', zh: '16' },
            { en: '32', zh: '32' },
            { en: '6,272', zh: '6,272' },
          ],
        },
      },
      {
        lab: 'concepts',
        params: { nb: 1 },
        look: {
          en: 'In BatchNorm versus LayerNorm with a batch of 1, look at BatchNorm’s training-mode output and the note under it, then at the evaluation-mode output and the running mean and variance it uses.',
          zh: '在“BatchNorm 与 LayerNorm”部分批大小为 1 时，先看 BatchNorm 训练模式的输出和下方说明，再看推理模式的输出以及它使用的滑动均值和方差。',
        },
        predict: {
          ask: {
            en: 'For the same single example in evaluation mode, what will BatchNorm output?',
            zh: '同一个样本在推理模式下，BatchNorm 会输出什么？',
          },
          choices: [
            { en: 'Zeros, as in training mode', zh: '和训练模式一样，全是零' },
            { en: 'Values normalised with the running mean and variance', zh: '用滑动均值和方差归一化后的值' },
            { en: 'NaN, from dividing by a zero variance', zh: 'NaN，因为除以了零方差' },
          ],
        },
      },
      {
        lab: 'concepts',
        params: { nb: 16 },
        look: {
          en: 'A batch of 16: compare BatchNorm’s training-mode matrix with its evaluation-mode matrix, which uses the running statistics instead of this batch’s.',
          zh: '批大小 16：比较 BatchNorm 训练模式的矩阵和推理模式的矩阵——后者用的是滑动统计量而不是这一批的统计量。',
        },
      },
    ],
  },

  // ──────────────────────────────── cnn ────────────────────────────────
  {
    id: 'pooling-max-backward',
    group: 'cnn',
    title: {
      en: 'What is pooling for, and how does the gradient flow through max pooling?',
      zh: '池化有什么作用？最大池化的反向传播怎么算？',
    },
    answer: {
      en: 'Pooling downsamples each feature map, usually over 2×2 windows with stride 2: it has no parameters, cuts the spatial size by 4× (so later layers cost about 4× less), enlarges the receptive field of everything after it, and makes the output tolerant to small shifts. Max pooling keeps the strongest response in each window (“is the feature present here?”), average pooling the mean. In the backward pass max pooling is a router: the whole upstream gradient of each output goes to the one input that was the maximum, whose position is remembered from the forward pass, and the other three get zero. For the window [1, 3; 2, 0] the output is 3 and a gradient g flows only to the 3, where average pooling would send g/4 to each of the four. Many modern CNNs replace pooling with strided convolutions and end with global average pooling.',
      zh: '池化对每张特征图做下采样，最常见的是步幅为 2 的 2×2 窗口：它没有参数，把空间尺寸缩小 4 倍（后续层的计算量也随之降到约 1/4），扩大后面所有层的感受野，并让输出对小的平移不那么敏感。最大池化保留每个窗口里最强的响应（“这里有没有这个特征”），平均池化取均值。反向传播时，最大池化像一个路由器：每个输出的上游梯度全部传给前向时取到最大值的那个输入位置（位置在前向时记下），其余三个位置梯度为 0。例如窗口 [1, 3; 2, 0] 的输出是 3，梯度 g 只流向 3 所在的位置；平均池化则给四个位置各分 g/4。很多现代 CNN 用带步幅的卷积代替池化，并在最后接全局平均池化。',
    },
    steps: [
      {
        lab: 'vision',
        params: { pool1: 'max', pool2: 'max' },
        look: {
          en: 'In the Layer by layer table (no training needed), read the “max pool 2x2” rows: their output shape, their parameters and how the receptive field changes across them.',
          zh: '在“逐层统计”表中（无需训练）看“max pool 2x2”几行：输出形状、参数量，以及感受野经过它们时如何变化。',
        },
      },
      {
        lab: 'vision',
        params: { pool1: 'none', pool2: 'none' },
        look: {
          en: 'The same CNN without pooling: compare the second convolution’s multiply-adds and the final dense layer’s parameters with the pooled network.',
          zh: '同一个 CNN 去掉池化：把第二个卷积的乘加次数和最后全连接层的参数量与有池化的网络对比。',
        },
        predict: {
          ask: {
            en: 'Without the two pooling layers, the final dense layer’s parameter count will be…',
            zh: '去掉两个池化层后，最后全连接层的参数量会……',
          },
          choices: [
            { en: 'unchanged', zh: '不变' },
            { en: 'about 4 times larger', zh: '约为 4 倍' },
            { en: 'about 16 times larger', zh: '约为 16 倍' },
          ],
        },
      },
      {
        lab: 'vision',
        params: { pool1: 'max', pool2: 'max', batch: 32 },
        look: {
          en: 'Press Train for about 30 seconds, pause, and in Inside the network compare the feature maps of each block: each value after a max pool is the largest of a 2×2 window, and only that winning position receives its gradient.',
          zh: '点“训练”约 30 秒后暂停，在“网络内部”比较各块的特征图：最大池化后的每个值都是一个 2×2 窗口里的最大值，反向时也只有这个胜出的位置得到梯度。',
        },
      },
    ],
  },
  {
    id: 'translation-invariance',
    group: 'cnn',
    title: {
      en: 'Are CNNs translation invariant? Where does it come from?',
      zh: 'CNN 具有平移不变性吗？它从哪里来？',
    },
    answer: {
      en: 'Convolution itself is translation-equivariant, not invariant: because the same kernel is applied at every position, shifting the input shifts the feature map by the same amount. Invariance of the final answer is built on top of that: pooling discards exact positions inside each window, deeper layers with larger receptive fields summarise wider regions, and global pooling at the end throws location away entirely. It is only approximate: strides and pooling cause aliasing, so a one-pixel shift can change the output, and a flatten-plus-dense head still depends on where the features are. Data augmentation with small shifts and crops supplies the rest; CNNs are not naturally invariant to rotation or scale either, so those go into augmentation too.',
      zh: '卷积本身具有平移等变性，而不是不变性：同一个卷积核作用在每个位置上，输入平移多少，特征图就跟着平移多少。最终输出的平移不变性是在此基础上搭起来的：池化丢掉窗口内的精确位置，更深的层感受野更大、概括更大的区域，最后的全局池化则把位置信息完全抛弃。这种不变性只是近似的：步幅和池化会带来混叠，平移一个像素就可能改变输出；而“展平 + 全连接”的输出头仍然依赖特征所在的位置。剩下的靠数据增强（小幅平移、裁剪）来补；CNN 对旋转和缩放也没有天然的不变性，所以这些也要放进数据增强。',
    },
    steps: [
      {
        lab: 'vision',
        params: { batch: 32 },
        look: {
          en: 'Press Train for about 30 seconds and pause; in Inside the network, click a few digits and look at the feature maps: strokes light up the maps at the same places they occupy in the digit.',
          zh: '点“训练”约 30 秒后暂停；在“网络内部”点几个数字，看特征图：笔画在特征图上亮起的位置和它在数字中的位置一致。',
        },
      },
      {
        lab: 'vision',
        params: { pool1: 'none', pool2: 'none' },
        look: {
          en: 'Without pooling, read the Receptive field column and the output shapes in the Layer by layer table, and compare with the pooled default.',
          zh: '去掉池化后，看“逐层统计”表中的“感受野”列和输出形状，并与默认的有池化网络对比。',
        },
      },
      {
        lab: 'vision',
        params: { aug: true, batch: 32 },
        look: {
          en: 'Augmentation on (random shifts of up to 2 pixels and small rotations): train for the same 30 seconds, pause, and compare the test accuracy with the first step.',
          zh: '打开数据增强（最多 2 像素的随机平移和小角度旋转）：同样训练 30 秒后暂停，把测试准确率和第一步对比。',
        },
        predict: {
          ask: {
            en: 'With augmentation, the training loss is taken on shifted and rotated digits and the test loss on plain ones. After 300 steps the training loss will be…',
            zh: '打开数据增强后，训练损失是在平移、旋转过的数字上算的，测试损失是在原始数字上算的。训练 300 步后，训练损失会……',
          },
          choices: [
            { en: 'higher than the test loss', zh: '高于测试损失' },
            { en: 'about the same', zh: '差不多' },
            { en: 'lower', zh: '更低' },
          ],
        },
      },
    ],
  },
  {
    id: 'weight-sharing',
    group: 'cnn',
    title: {
      en: 'What is weight sharing in a CNN, and why does it matter?',
      zh: 'CNN 中的权重共享是什么？为什么重要？',
    },
    answer: {
      en: 'A convolutional layer slides the same small kernel over every position, so its parameter count is C_out·(C_in·k² + 1), independent of the image size. For example, 8 kernels of 5×5 on a greyscale image have 8·(25 + 1) = 208 parameters, while a dense layer from 784 pixels to only 100 units needs 78,500. Sharing builds in the prior that a pattern such as an edge or a stroke means the same thing wherever it appears; it gives translation equivariance, needs far less data and overfits less. Computation is not shared, though: multiply-adds still grow with the number of output positions, so stride and pooling cut FLOPs but not parameters.',
      zh: '卷积层在所有位置上滑动同一个小卷积核，参数量是 C_out·(C_in·k² + 1)，与图像大小无关。例如，灰度图上 8 个 5×5 卷积核只有 8·(25 + 1) = 208 个参数，而从 784 个像素到区区 100 个神经元的全连接层就要 78,500 个参数。权重共享内置了一个先验：边缘、笔画这样的模式出现在哪里含义都一样；它带来平移等变性，所需数据少得多，也不容易过拟合。但计算量并不共享：乘加次数仍随输出位置数增长，所以步幅和池化能减少 FLOPs，却不减少参数。',
    },
    steps: [
      {
        lab: 'vision',
        params: { blocks: 1, c1: 8, k1: 5, s1: 1, p1: 2, pool1: 'max', hidden: 128 },
        look: {
          en: 'One 5×5 conv block and a 128-unit dense layer: read the Parameters and Multiply-adds columns of the Layer by layer table (no training needed).',
          zh: '一个 5×5 卷积块加一个 128 单元的全连接层：看“逐层统计”表的“参数量”和“乘加次数”两列（无需训练）。',
        },
        predict: {
          ask: {
            en: 'Which layer will hold most of the parameters?',
            zh: '哪一层的参数最多？',
          },
          choices: [
            { en: 'The 5×5 convolution', zh: '5×5 卷积层' },
            { en: 'The dense 128 layer', zh: '128 单元的全连接层' },
            { en: 'The dense 10 output layer', zh: '10 单元的输出层' },
          ],
        },
      },
      {
        lab: 'vision',
        params: { blocks: 1, c1: 8, k1: 5, s1: 2, p1: 2, pool1: 'max', hidden: 128 },
        look: {
          en: 'The same network with stride 2 in the convolution: compare the conv row’s parameters, multiply-adds and output shape with the previous step.',
          zh: '同一个网络，卷积步幅改成 2：把卷积那一行的参数量、乘加次数和输出形状与上一步对比。',
        },
        predict: {
          ask: {
            en: 'With stride 2 instead of 1, the convolution’s parameter count will…',
            zh: '步幅从 1 改成 2 后，卷积层的参数量会……',
          },
          choices: [
            { en: 'stay the same', zh: '不变' },
            { en: 'halve', zh: '减半' },
            { en: 'drop to a quarter', zh: '降到四分之一' },
          ],
        },
      },
    ],
  },
  {
    id: 'receptive-field',
    group: 'cnn',
    title: {
      en: 'What is the receptive field, and how do you compute it?',
      zh: '什么是感受野？怎么计算？',
    },
    answer: {
      en: 'The receptive field of a unit is the patch of the input that can influence it. Through a stack of layers it grows as r_L = r_{L−1} + (k_L − 1)·j_{L−1}, where k_L is the layer’s kernel size (a 2×2 pool counts as k = 2) and j is the product of all earlier strides, the distance in input pixels between neighbouring units. Three 3×3 stride-1 convolutions give 3 → 5 → 7, the same field as one 7×7 convolution but with 27C² weights instead of 49C² and three non-linearities instead of one (the VGG argument). Each stride-2 layer or pool doubles j, so every later layer widens the field twice as fast. The effective receptive field is smaller than this theoretical one because central pixels dominate; dilation, downsampling or attention enlarge it when deep units need to see a whole object.',
      zh: '一个单元的感受野是输入中能影响它的那块区域。逐层堆叠时按 r_L = r_{L−1} + (k_L − 1)·j_{L−1} 增长，其中 k_L 是该层的核大小（2×2 池化按 k = 2 算），j 是之前所有步幅的乘积，也就是相邻单元在输入像素上的间距。三个步幅为 1 的 3×3 卷积依次得到 3 → 5 → 7，和一个 7×7 卷积的感受野相同，但权重只有 27C² 而不是 49C²，还多了两次非线性（VGG 的论点）。每个步幅为 2 的层或池化都会让 j 翻倍，之后每层感受野的增长速度也翻倍。有效感受野比理论值小，因为中心像素的影响占主导；当深层单元需要看到整个物体时，可以用空洞卷积、下采样或注意力来扩大它。',
    },
    steps: [
      {
        lab: 'vision',
        params: { ...THREE_3X3, pool1: 'none', pool2: 'none', pool3: 'none' },
        look: {
          en: 'Three 3×3 convolutions with no pooling: read the Receptive field column of the Layer by layer table, conv by conv (no training needed).',
          zh: '三个 3×3 卷积、不加池化：逐个卷积读出“逐层统计”表的“感受野”列（无需训练）。',
        },
      },
      {
        lab: 'vision',
        params: { ...THREE_3X3, pool1: 'max', pool2: 'max', pool3: 'none' },
        look: {
          en: 'The same three convolutions with a 2×2 max pool after the first two: read the Receptive field column again and compare the last convolution’s field with the previous step.',
          zh: '同样三个卷积，在前两个之后各加一个 2×2 最大池化：再读一遍“感受野”列，把最后一个卷积的感受野和上一步对比。',
        },
        predict: {
          ask: {
            en: 'What receptive field will the third 3×3 convolution have now?',
            zh: '现在第三个 3×3 卷积的感受野是多大？',
          },
          choices: [
            { en: '7×7', zh: '7×7' },
            { en: '10×10', zh: '10×10' },
            { en: '18×18', zh: '18×18' },
            { en: '28×28', zh: '28×28' },
          ],
        },
      },
    ],
  },
  {
    id: 'conv-bn-folding',
    group: 'cnn',
    title: {
      en: 'How do you fold BatchNorm into the preceding convolution?',
      zh: '如何把 BatchNorm 折叠（融合）进前面的卷积？',
    },
    answer: {
      en: 'At inference BatchNorm is a fixed per-channel affine map, y = γ·(z − μ)/√(σ² + ε) + β, using the running μ and σ². The convolution before it is linear too, z = W∗x + b, so the two merge into one convolution with W′ = W·γ/√(σ² + ε), each output channel’s kernel scaled by its own factor, and b′ = (b − μ)·γ/√(σ² + ε) + β. The folded network computes the same function up to floating-point rounding while skipping a whole pass over the activations, and folding is a standard step before int8 quantization, so that the scales are fitted to the weights actually used. It only applies in evaluation mode with frozen statistics, and only when BN directly follows a convolution or dense layer with no non-linearity in between.',
      zh: '推理时，BatchNorm 是一个固定的逐通道仿射变换：y = γ·(z − μ)/√(σ² + ε) + β，其中 μ、σ² 是滑动统计量。它前面的卷积 z = W∗x + b 也是线性的，所以两者可以合并成一个卷积：W′ = W·γ/√(σ² + ε)（每个输出通道的卷积核乘上各自的系数），b′ = (b − μ)·γ/√(σ² + ε) + β。折叠后的网络计算的是同一个函数，只差浮点舍入误差，却省掉了对激活值的一整遍读写；它也是 int8 量化前的标准步骤，这样量化尺度是按实际使用的权重来定的。它只适用于统计量已冻结的推理模式，而且要求 BN 紧跟在卷积或全连接层之后、中间没有非线性。',
    },
    steps: [
      {
        lab: 'vision',
        params: { bn: true },
        look: {
          en: 'With BatchNorm on, the Layer by layer table shows a batchnorm row after each convolution: compare its parameters with the convolution’s, and its multiply-adds.',
          zh: '打开 BatchNorm 后，“逐层统计”表中每个卷积后面多了一行 batchnorm：把它的参数量和卷积的对比，再看它的乘加次数。',
        },
      },
      {
        lab: 'vision',
        params: { bn: true, batch: 32 },
        look: {
          en: 'Press Train for about 30 seconds, then Pause, and press “Quantize and fold”: read the largest output difference after folding and the test-split time before and after.',
          zh: '点“训练”约 30 秒后暂停，再点“量化并折叠”：读出折叠后输出的最大差异，以及折叠前后推理测试集的用时。',
        },
        predict: {
          ask: {
            en: 'After folding BatchNorm into the convolutions, the network’s outputs will…',
            zh: '把 BatchNorm 折叠进卷积后，网络的输出会……',
          },
          choices: [
            { en: 'match the unfolded network up to float rounding', zh: '与折叠前一致，只差浮点舍入误差' },
            { en: 'differ enough to change some predictions', zh: '差异大到会改变一些预测' },
            { en: 'be wrong until the network is retrained', zh: '完全不对，必须重新训练' },
          ],
        },
      },
    ],
  },
  {
    id: 'cnn-flops-params',
    group: 'cnn',
    title: {
      en: 'How do you count the parameters and FLOPs of a CNN?',
      zh: '如何计算 CNN 的参数量和 FLOPs？',
    },
    answer: {
      en: 'For a convolution with C_in input channels, C_out output channels, a k×k kernel and an H_out×W_out output: parameters = C_out·(C_in·k² + 1) and multiply-adds = C_out·H_out·W_out·C_in·k², with FLOPs ≈ 2 × MACs. For example, a 3×3 convolution from 64 to 128 channels with a 56×56 output has 128·(576 + 1) = 73,856 parameters but 128·3,136·576 ≈ 231 M multiply-adds. Parameters pile up in late, wide layers and dense heads, while compute piles up in early, high-resolution layers; each 2× downsampling cuts the following layers’ compute by 4×. Doubling both C_in and C_out quadruples a layer’s parameters and multiply-adds. A training step costs about 3× the forward pass, since the backward pass computes gradients for both activations and weights.',
      zh: '对一个输入 C_in 通道、输出 C_out 通道、k×k 卷积核、输出尺寸 H_out×W_out 的卷积层：参数量 = C_out·(C_in·k² + 1)，乘加次数（MACs）= C_out·H_out·W_out·C_in·k²，FLOPs 约为 MACs 的 2 倍。举例：输出 56×56、从 64 通道到 128 通道的 3×3 卷积，参数量是 128·(576 + 1) = 73,856，计算量却有 128·3,136·576 ≈ 2.31 亿次乘加。参数集中在靠后、通道多的层和全连接头，计算量则集中在靠前、分辨率高的层；每做一次 2 倍下采样，后面各层的计算量降到 1/4。C_in 和 C_out 同时翻倍，这一层的参数量和乘加次数都变成 4 倍。训练一步大约是前向的 3 倍，因为反向要同时算激活和权重的梯度。',
    },
    steps: [
      {
        lab: 'vision',
        params: { blocks: 2, c1: 8, c2: 16 },
        look: {
          en: 'The default CNN: read the Parameters and Multiply-adds columns and the totals of the Layer by layer table (no training needed), and check one conv row against the formulas.',
          zh: '默认 CNN：看“逐层统计”表的“参数量”“乘加次数”两列及合计（无需训练），并用公式验算其中一个卷积行。',
        },
        predict: {
          ask: {
            en: 'Which layer of this CNN will do the most multiply-adds?',
            zh: '这个 CNN 中哪一层的乘加次数最多？',
          },
          choices: [
            { en: 'The first convolution (8 channels, 5×5)', zh: '第一个卷积（8 通道，5×5）' },
            { en: 'The second convolution (16 channels, 5×5)', zh: '第二个卷积（16 通道，5×5）' },
            { en: 'The final dense layer', zh: '最后的全连接层' },
          ],
        },
      },
      {
        lab: 'vision',
        params: { blocks: 2, c1: 16, c2: 16 },
        look: {
          en: 'Block 1 now has 16 channels: compare every row’s parameters and multiply-adds with the previous step.',
          zh: '第 1 块改成 16 个通道：把每一行的参数量和乘加次数与上一步对比。',
        },
        predict: {
          ask: {
            en: 'Doubling block 1’s channels from 8 to 16, block 2’s convolution parameters will…',
            zh: '第 1 块的通道数从 8 翻倍到 16，第 2 块卷积的参数量会……',
          },
          choices: [
            { en: 'stay the same', zh: '不变' },
            { en: 'about double', zh: '约翻一倍' },
            { en: 'about quadruple', zh: '约变成 4 倍' },
          ],
        },
      },
    ],
  },

  // ──────────────────────────── optimisation ────────────────────────────
  {
    id: 'optimizers-compared',
    group: 'optimisation',
    title: {
      en: 'Compare SGD, momentum, Adam and AdamW.',
      zh: '比较一下 SGD、动量法、Adam 和 AdamW。',
    },
    answer: {
      en: 'SGD steps w ← w − ηg: simple, with no extra memory, and it often generalises well, but in a ravine it zig-zags across the steep direction and crawls along the flat one, and it needs a tuned learning-rate schedule. Momentum keeps a velocity v ← βv + g (β ≈ 0.9) and steps along it: oscillations cancel, consistent directions accelerate up to 1/(1 − β) = 10×, and it rolls through small bumps and saddles; Nesterov takes the gradient at the look-ahead point and overshoots less. Adam keeps bias-corrected moving averages of g (β₁ = 0.9) and g² (β₂ = 0.999) and divides one by the square root of the other, so each parameter moves by roughly η whatever its gradient scale: fast and robust with little tuning, at the cost of two extra values per parameter. AdamW is Adam with decoupled weight decay, w ← w − ηλw applied outside the adaptive update, which regularises properly where Adam + L2 does not; it is the default for Transformers, while SGD with momentum remains common for image CNNs, where it can generalise slightly better.',
      zh: 'SGD 每步 w ← w − ηg：简单、不占额外内存，泛化往往不错，但在狭长的山谷里会沿陡峭方向来回震荡、沿平坦方向缓慢爬行，而且需要精心调学习率策略。动量法维护一个速度 v ← βv + g（β ≈ 0.9）并沿它前进：来回的震荡相互抵消，方向一致时最多加速到 1/(1 − β) = 10 倍，还能冲过小的起伏和鞍点；Nesterov 在“前瞻”位置取梯度，冲过头更少。Adam 维护经过偏差修正的 g（β₁ = 0.9）和 g²（β₂ = 0.999）的滑动平均，用前者除以后者的平方根，使每个参数的步长大约都是 η、与梯度尺度无关：收敛快、对超参数不敏感，代价是每个参数多存两个值。AdamW 是把权重衰减解耦出来的 Adam：w ← w − ηλw 在自适应更新之外单独执行，能真正起到正则化作用，而 Adam + L2 做不到；它是 Transformer 的默认选择，而图像 CNN 仍常用带动量的 SGD，泛化有时略好一些。',
    },
    steps: [
      {
        lab: 'concepts',
        params: { surface: 'bowl', rlr: 0.1, mom: 0.9, b1: 0.9, b2: 0.999, rsteps: 150 },
        look: {
          en: 'The optimizer race runs as the page opens: on the stretched bowl (20 times steeper across than along), compare the six paths and the final values in the legend.',
          zh: '页面打开时优化器赛跑会自动运行：在拉长的碗（横向比纵向陡 20 倍）上比较六条路径，以及图例里的终点值。',
        },
        predict: {
          ask: {
            en: 'At learning rate 0.1 on this bowl, whose path will zig-zag across the valley without settling?',
            zh: '在这个碗上、学习率 0.1 时，谁的路径会在山谷两壁之间来回震荡、停不下来？',
          },
          choices: [
            { en: 'Plain SGD', zh: '普通 SGD' },
            { en: 'Adam', zh: 'Adam' },
            { en: 'None of them', zh: '都不会' },
          ],
        },
      },
      {
        lab: 'concepts',
        params: { surface: 'rosenbrock', rlr: 0.001, mom: 0.9, b1: 0.9, b2: 0.999, rsteps: 1500 },
        look: {
          en: 'The curved, flat-bottomed Rosenbrock valley: follow each path toward the star at (1, 1) and read in the legend who gets closest in 1,500 steps.',
          zh: '弯曲、谷底平坦的 Rosenbrock 山谷：沿每条路径看它们如何奔向 (1, 1) 处的星号，并在图例里读出 1,500 步内谁最接近。',
        },
      },
      {
        lab: 'concepts',
        params: { surface: 'saddle', rlr: 0.05, mom: 0.9, b1: 0.9, b2: 0.999, rsteps: 50 },
        look: {
          en: 'Every racer starts almost exactly on the saddle’s ridge: see which paths leave the saddle for one of the two minima within 50 steps, and read their final values.',
          zh: '所有优化器都从几乎正好位于鞍点山脊上的位置出发：看 50 步内哪些路径离开鞍点、奔向两个最小值之一，并读出终点值。',
        },
        predict: {
          ask: {
            en: 'Within 50 steps, how will plain SGD compare with momentum and Adam at escaping the saddle?',
            zh: '在 50 步内，普通 SGD 逃离鞍点的表现与动量法和 Adam 相比如何？',
          },
          choices: [
            { en: 'All escape about equally', zh: '都差不多一样快地逃离' },
            { en: 'SGD escapes more slowly than the others', zh: 'SGD 比其他的逃离得慢' },
            { en: 'SGD escapes fastest', zh: 'SGD 逃离得最快' },
          ],
        },
      },
    ],
  },
  {
    id: 'adam-vs-adamw',
    group: 'optimisation',
    title: {
      en: 'Why use AdamW instead of Adam with L2 regularisation?',
      zh: '为什么用 AdamW，而不是 Adam 加 L2 正则化？',
    },
    answer: {
      en: 'With plain SGD, adding λ‖w‖²/2 to the loss and shrinking the weights by ηλw at each step are the same thing. In Adam they are not: the L2 term λw enters the gradient and is then divided by √v, so weights with large or noisy gradients are hardly regularised while weights with small gradients are decayed hard. AdamW (Loshchilov and Hutter) decouples the two: the adaptive update uses only the loss gradient, and then every weight is shrunk by the same fraction, w ← w − ηλw. The decay then acts as true weight decay, its strength no longer depends on each weight’s gradient history, it is easier to tune, and models generalise better. LLMs are trained with AdamW, typically with λ = 0.1, usually leaving biases and normalisation parameters undecayed.',
      zh: '在普通 SGD 下，往损失里加 λ‖w‖²/2 和每步把权重缩小 ηλw 是一回事。到了 Adam 就不一样了：L2 项 λw 进入梯度，随后被 √v 除掉，结果梯度大或噪声大的权重几乎没被正则化，梯度小的权重反而衰减得很厉害。AdamW（Loshchilov 和 Hutter 提出）把两者解耦：自适应更新只用损失的梯度，然后对所有权重按同一比例缩小，w ← w − ηλw。这样衰减才是真正的权重衰减，强度不再取决于每个权重的梯度历史，更容易调，模型泛化也更好。大模型训练用的都是 AdamW，λ 通常取 0.1，偏置和归一化层的参数一般不做衰减。',
    },
    steps: [
      {
        lab: 'vision',
        params: { opt: 'adam', l2: 1, batch: 32 },
        look: {
          en: 'Adam with a strong L2 term of 1 added to the gradient: press Train for about 30 seconds, pause, and note the loss and test accuracy.',
          zh: 'Adam，并在梯度里加入很强的 L2 项（1）：点“训练”约 30 秒后暂停，记下损失和测试准确率。',
        },
        predict: {
          ask: {
            en: 'After 300 steps, where will this run’s test accuracy be? (Unregularised, this CNN reaches about 94%.)',
            zh: '训练 300 步后，这次的测试准确率会在哪里？（不加正则时约为 94%。）',
          },
          choices: [
            { en: 'About 94%, as unregularised', zh: '与不加正则差不多（约 94%）' },
            { en: 'Clearly lower (30–90%)', zh: '明显更低（30–90%）' },
            { en: 'Near chance (about 10%)', zh: '接近随机（约 10%）' },
          ],
        },
      },
      {
        lab: 'vision',
        params: { opt: 'adamW', l2: 1, batch: 32 },
        look: {
          en: 'The same value 1, now as AdamW’s decoupled weight decay (scaled by the learning rate, not by Adam’s per-weight step): train for the same 30 seconds, pause, and compare with the Adam run.',
          zh: '同样的 1，这次作为 AdamW 解耦的权重衰减（按学习率缩放，而不是按 Adam 逐权重的步长）：同样训练 30 秒后暂停，和 Adam 那次对比。',
        },
        predict: {
          ask: {
            en: 'After 300 steps, where will this run’s test accuracy be? (Unregularised, this CNN reaches about 94%.)',
            zh: '训练 300 步后，这次的测试准确率会在哪里？（不加正则时约为 94%。）',
          },
          choices: [
            { en: 'About 94%, as unregularised', zh: '与不加正则差不多（约 94%）' },
            { en: 'Clearly lower (30–90%)', zh: '明显更低（30–90%）' },
            { en: 'Near chance (about 10%)', zh: '接近随机（约 10%）' },
          ],
        },
      },
      {
        lab: 'concepts',
        params: { surface: 'himmelblau', rlr: 0.01, mom: 0.9, b1: 0.9, b2: 0.999, rsteps: 500 },
        look: {
          en: 'On Himmelblau’s surface, whose minima lie away from the origin, compare where Adam and AdamW (decay 0.1) end in the legend.',
          zh: '在 Himmelblau 曲面上（它的最小值都不在原点），在图例里比较 Adam 和 AdamW（衰减 0.1）的终点。',
        },
      },
    ],
  },
];
