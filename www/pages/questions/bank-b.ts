// Interview questions, bank B: recurrent networks, attention, tokens and
// LLM engineering. Each guided step opens a lab through its link parameters
// (www/pages/<lab>/params.ts); predictions never state their answer, the page
// measures it.
import type { Question } from './types';

/** A sentence whose tokens are all whole WordPiece words: [CLS]=0, the=1, cat=2, …, it=8. */
const CAT = 'The cat sat on the mat because it was tired.';
/** A Tang line every character of which is in the Tang corpus's vocabulary. */
const POEM = '春眠不觉晓，处处闻啼鸟。';
/** A GPT small enough for five copies to train in well under a minute on a laptop CPU. */
const TINY_GPT = { layers: 1, width: 64, heads: 4, ctx: 32, batch: 16 } as const;

export const bankB: Question[] = [
  // ───────────────────────────── rnn ─────────────────────────────
  {
    id: 'lstm-gates-forget-input',
    group: 'rnn',
    title: {
      en: "Walk through an LSTM's gates. What are the forget gate's inputs, and why does the cell state help against vanishing gradients?",
      zh: '讲一下 LSTM 的几个门。遗忘门的输入是什么？细胞状态为什么能缓解梯度消失？',
    },
    answer: {
      en: "An LSTM keeps a cell state c beside the hidden state h, and every gate is a sigmoid of the same two inputs, the previous hidden state and the current input: f_t = σ(W_f·[h_{t−1}, x_t] + b_f); the forget gate does not read the cell state itself unless you use the peephole variant. The input gate i_t and the candidate g_t = tanh(W_g·[h_{t−1}, x_t] + b_g) decide what to write, the forget gate decides what to keep, c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t, and the output gate exposes h_t = o_t ⊙ tanh(c_t). Because c is updated by addition, ∂c_t/∂c_{t−1} is just diag(f_t), with no weight matrix and no tanh′ in between, so when f stays near 1 the gradient survives many steps (the “constant error carousel”). That is why the forget-gate bias is usually initialised to 1 (σ(1) ≈ 0.73): the network starts out remembering. With hidden size h and input size e the four gates hold 4·h·(h + e) weights, 98,304 for h = 128 and e = 64.",
      zh: 'LSTM 在隐藏状态 h 之外还维护一个细胞状态 c，所有门都是同一组输入的 sigmoid：上一步的隐藏状态和当前输入，即 f_t = σ(W_f·[h_{t−1}, x_t] + b_f)；除非用 peephole 变体，遗忘门并不直接读细胞状态。输入门 i_t 和候选值 g_t = tanh(W_g·[h_{t−1}, x_t] + b_g) 决定写入什么，遗忘门决定保留多少：c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t，输出门再给出 h_t = o_t ⊙ tanh(c_t)。由于 c 是加法更新的，∂c_t/∂c_{t−1} 只是 diag(f_t)，中间既没有权重矩阵也没有 tanh 的导数，所以只要 f 接近 1，梯度就能传很多步（“恒定误差传送带”）。这也是遗忘门偏置通常初始化为 1 的原因（σ(1) ≈ 0.73）：让网络一开始倾向于记住。隐藏维度为 h、输入维度为 e 时，四个门共有 4·h·(h + e) 个权重，h = 128、e = 64 时是 98,304 个。',
    },
    steps: [
      {
        lab: 'sequence',
        params: { cell: 'lstm' },
        look: {
          en: 'Before training, press Trace under “Gates and states” and read the mean printed beside the forget gate’s map. Then press Train, pause after about 30 seconds and trace again to see where along the line the forget gates change.',
          zh: '训练之前，先在“门与状态”里点“追踪”，读出遗忘门热力图旁边的平均值。然后点“训练”，大约 30 秒后暂停，再追踪一次，看遗忘门在这句诗的哪些位置发生变化。',
        },
        predict: {
          ask: {
            en: 'Before any training, where does the forget gate sit on average?',
            zh: '还没训练时，遗忘门的平均值大概在哪里？',
          },
          choices: [
            { en: 'Near 0: it wipes the cell', zh: '接近 0：把细胞状态清掉' },
            { en: 'Around 0.5', zh: '0.5 左右' },
            { en: 'Closer to 1: it keeps most of the cell', zh: '更接近 1：保留大部分细胞状态' },
          ],
        },
      },
      {
        lab: 'sequence',
        params: { cell: 'lstm', gtt: 80 },
        look: {
          en: '“Gradient through time” is measured as soon as the networks are built: compare the plain RNN’s line with the LSTM’s, and read in the summary how much of the gradient reaches 80 steps back.',
          zh: '网络一建好，“随时间的梯度”就会自动测量：对比普通 RNN 和 LSTM 的曲线，并在下方的摘要里读出有多少梯度能传回 80 步之前。',
        },
      },
    ],
  },
  {
    id: 'gru-vs-lstm',
    group: 'rnn',
    title: {
      en: 'How does a GRU differ from an LSTM, and when would you pick one over the other?',
      zh: 'GRU 和 LSTM 有什么区别？什么时候选哪一个？',
    },
    answer: {
      en: 'A GRU merges the cell and hidden state into one vector and uses two gates instead of three: an update gate z that interpolates between the old state and a candidate, h_t = (1 − z) ⊙ n_t + z ⊙ h_{t−1}, and a reset gate r that decides how much of the past the candidate n_t = tanh(W·x_t + U·(r ⊙ h_{t−1})) sees. It has no output gate, so the whole state is always exposed. With three weight blocks instead of four it has about 25% fewer recurrent parameters (3·h·(h + e) = 73,728 against the LSTM’s 98,304 for h = 128, e = 64) and is a little faster per step. On most tasks the two end up close: the GRU is a good default when data or compute is short, while the LSTM’s separate memory and output gate sometimes win on long sequences with plenty of data. In an interview, say you would try both under the same budget rather than claim a universal winner.',
      zh: 'GRU 把细胞状态和隐藏状态合成一个向量，只用两个门而不是三个：更新门 z 在旧状态和候选状态之间插值，h_t = (1 − z) ⊙ n_t + z ⊙ h_{t−1}；重置门 r 决定候选状态 n_t = tanh(W·x_t + U·(r ⊙ h_{t−1})) 能看到多少过去。它没有输出门，整个状态始终对外暴露。它只有三组权重而不是四组，循环部分的参数大约少 25%（h = 128、e = 64 时 3·h·(h + e) = 73,728 个，LSTM 是 98,304 个），每一步也稍快一些。在多数任务上两者效果接近：数据或算力紧张时 GRU 是不错的默认选择，而在数据充足的长序列任务上，LSTM 独立的记忆单元和输出门有时更占优。面试时最好说会在相同预算下两者都试一试，而不是断言谁一定更好。',
    },
    steps: [
      {
        lab: 'sequence',
        params: { compare: true, seed: 1, hidden: 32, embed: 16, bptt: 16, batch: 8, lr: 0.01 },
        look: {
          en: 'Press Train, let the RNN, LSTM and GRU train for about 30 seconds on the same poems and seed, then pause. Compare the parameter counts in the ready line, the held-out bits per character and the characters per second.',
          zh: '点“训练”，让 RNN、LSTM 和 GRU 在同样的诗和同样的种子上训练约 30 秒，然后暂停。对比就绪信息里的参数量、留出集的每字符比特数和每秒字符数。',
        },
        predict: {
          ask: {
            en: 'After the same training, which has the lowest held-out bits per character?',
            zh: '训练相同时间后，谁的留出集每字符比特数最低？',
          },
          choices: [
            { en: 'The plain RNN', zh: '普通 RNN' },
            { en: 'The LSTM', zh: 'LSTM' },
            { en: 'The GRU', zh: 'GRU' },
            { en: 'All within a few hundredths', zh: '三者相差不过百分之几' },
          ],
        },
      },
      {
        lab: 'sequence',
        params: { cell: 'gru' },
        look: {
          en: 'Press Train, pause after about 30 seconds, and look at the update gate z and the reset gate r under “Gates and states” (press Trace if they are not drawn). Hover a cell to read one unit at one character.',
          zh: '点“训练”，约 30 秒后暂停，在“门与状态”里看更新门 z 和重置门 r（如果没画出来就点“追踪”）。把鼠标停在某一格上，读出某个单元在某个字符处的值。',
        },
      },
    ],
  },
  {
    id: 'rnn-vs-transformer',
    group: 'rnn',
    title: {
      en: 'Why did Transformers replace RNNs for sequence modelling? Discuss parallelism and long-range dependencies.',
      zh: '为什么 Transformer 取代了 RNN？从并行性和长距离依赖两方面谈谈。',
    },
    answer: {
      en: 'An RNN’s hidden state is a chain: h_t needs h_{t−1}, so training walks the sequence one step at a time, and n tokens cost n small sequential matrix products that cannot fill a GPU. A Transformer with a causal mask computes all n positions of a training sequence at once as a few large matrix products, so it trains far faster per token on parallel hardware. For long-range dependencies, information between tokens k steps apart passes through k recurrent steps, and the gradient through them is a product of k Jacobians that tends to vanish; in self-attention every pair of positions is one step apart (path length O(1)). The price is attention’s O(n²) time and memory in the context length and, when generating, a KV cache that grows with the text, whereas an RNN carries a fixed-size state and writes each token in constant time. That trade-off is what linear-attention and state-space models (RWKV, Mamba) try to escape.',
      zh: 'RNN 的隐藏状态是一条链：h_t 依赖 h_{t−1}，所以训练只能沿序列一步一步走，n 个词元就是 n 次串行的小矩阵乘法，GPU 根本跑不满。带因果掩码的 Transformer 在训练时一次算出整条序列的 n 个位置，只需几次大矩阵乘法，在并行硬件上每个词元的训练速度快得多。至于长距离依赖，相隔 k 步的两个词元在 RNN 里要经过 k 次循环才能传递信息，梯度是 k 个雅可比矩阵的乘积，往往会消失；而在自注意力中任意两个位置之间只隔一步（路径长度 O(1)）。代价是注意力的时间和显存随上下文长度呈 O(n²) 增长，生成时 KV 缓存也随文本变长，而 RNN 只携带固定大小的状态，每生成一个词元的时间是常数。线性注意力和状态空间模型（RWKV、Mamba）正是想摆脱这种取舍。',
    },
    steps: [
      {
        lab: 'gpt',
        params: { batch: 8 },
        look: {
          en: 'No need to train first: in “Transformer vs LSTM”, press “Time one step at each length” and read the chart of milliseconds per training step against the context length, for your GPT and an LSTM of about the same size.',
          zh: '不用先训练：在“Transformer 对比 LSTM”里点“测量各长度下一步的用时”，看你的 GPT 和参数量相近的 LSTM 每个训练步的毫秒数随上下文长度的变化。',
        },
        predict: {
          ask: {
            en: 'As the context grows from 16 to 256 characters, whose training step slows down more?',
            zh: '上下文从 16 个字符增加到 256 个，谁的训练步变慢得更多？',
          },
          choices: [
            { en: 'The GPT’s', zh: 'GPT' },
            { en: 'The LSTM’s', zh: 'LSTM' },
            { en: 'They slow down alike', zh: '两者差不多' },
          ],
        },
      },
      {
        lab: 'sequence',
        params: { gtt: 160 },
        look: {
          en: '“Gradient through time” is measured when the networks are built: read how much of the last character’s gradient reaches 160 steps back in the plain RNN, the LSTM and the GRU (log scale).',
          zh: '网络建好时会自动测量“随时间的梯度”：读出最后一个字符的梯度有多少能传回 160 步之前，分别看普通 RNN、LSTM 和 GRU（对数坐标）。',
        },
      },
      {
        lab: 'gpt',
        params: { batch: 8 },
        look: {
          en: 'In the same “Transformer vs LSTM” panel, press the race button: both models train for 30 seconds each on the same text, and their held-out bits per character are drawn against training time.',
          zh: '还是在“Transformer 对比 LSTM”里，点“开始比赛”：两个模型在同样的文本上各训练 30 秒，留出集每字符比特数随训练时间画在一张图上。',
        },
      },
    ],
  },

  // ─────────────────────────── attention ───────────────────────────
  {
    id: 'self-attention-sqrt-dk',
    group: 'attention',
    title: {
      en: 'Explain scaled dot-product self-attention. Why divide the scores by √d_k?',
      zh: '解释缩放点积自注意力。为什么要把分数除以 √d_k？',
    },
    answer: {
      en: 'Each token is projected into a query q, a key k and a value v, and token i’s output is Σ_j softmax_j(q_i·k_j / √d_k)·v_j, i.e. Attention(Q, K, V) = softmax(QKᵀ/√d_k)·V: every token gathers information from every other in one step, weighted by how well its query matches their keys. If the components of q and k are roughly independent with mean 0 and variance 1, q·k has variance d_k, so with d_k = 64 the scores have a standard deviation of 8 and gaps of 20 or 30 between them are common. Softmax over such scores is nearly one-hot, and where one weight is close to 1 the softmax Jacobian p_j(δ_jk − p_k) is close to 0, so the gradients reaching the queries and keys vanish and training stalls. Dividing by √d_k brings the scores back to unit variance for any head size; it is the same as a softmax at temperature √d_k. In MiniLM d_k = 384/12 = 32, so the scale is 1/√32 ≈ 0.177.',
      zh: '每个词元被投影成查询 q、键 k 和值 v，词元 i 的输出是 Σ_j softmax_j(q_i·k_j / √d_k)·v_j，即 Attention(Q, K, V) = softmax(QKᵀ/√d_k)·V：每个词元一步就能从所有其他词元汇集信息，权重取决于它的查询与对方的键有多匹配。如果 q 和 k 的各分量大致独立、均值为 0、方差为 1，q·k 的方差就是 d_k：d_k = 64 时分数的标准差为 8，分数之间相差二三十很常见。对这样的分数做 softmax 几乎就是 one-hot，而某个权重接近 1 时，softmax 的雅可比矩阵 p_j(δ_jk − p_k) 接近 0，传到查询和键的梯度消失，训练停滞。除以 √d_k 能让任何头维度下的分数都回到单位方差，等价于在温度 √d_k 下做 softmax。MiniLM 中 d_k = 384/12 = 32，缩放因子是 1/√32 ≈ 0.177。',
    },
    steps: [
      {
        lab: 'transformer',
        params: { view: 'head', text: CAT, layer: 2, head: 6, query: 8, scale: true, temp: 1 },
        look: {
          en: 'For the query “it”, read each key’s raw q·k, scaled score and weight, the largest weight and the entropy. Then untick “Divide by √d_k” and watch the weights change.',
          zh: '对查询“it”，读出每个键的原始 q·k、缩放后的分数和权重，以及最大权重和熵。然后取消勾选“除以 √d_k”，看权重怎么变。',
        },
        predict: {
          ask: {
            en: 'When you untick “Divide by √d_k”, what happens to the largest weight?',
            zh: '取消勾选“除以 √d_k”后，最大的那个权重会怎样？',
          },
          choices: [
            { en: 'It moves towards 1: sharper', zh: '向 1 靠拢：更尖锐' },
            { en: 'It stays the same', zh: '不变' },
            { en: 'It moves towards uniform: flatter', zh: '向均匀分布靠拢：更平坦' },
          ],
        },
      },
      {
        lab: 'transformer',
        params: { view: 'head', text: CAT, layer: 2, head: 6, query: 8, scale: true, temp: 0.18 },
        look: {
          en: 'The scale is on, but the temperature is 0.18 ≈ 1/√32: compare the weights with the unscaled ones of the previous step, then drag the temperature to 20 and see them flatten towards uniform.',
          zh: '缩放开着，但温度设成 0.18 ≈ 1/√32：把这些权重和上一步不缩放时的权重比一比，再把温度拖到 20，看它们如何摊平到接近均匀。',
        },
      },
    ],
  },
  {
    id: 'multi-head-attention',
    group: 'attention',
    title: {
      en: 'What does multi-head attention buy you over a single head of the same width?',
      zh: '和同样宽度的单头注意力相比，多头注意力好在哪里？',
    },
    answer: {
      en: 'Multi-head attention splits d_model into h heads of d_k = d_model/h, gives each its own Q, K and V projections, runs attention in each independently, concatenates the h outputs and mixes them with W_O. Parameters and FLOPs are the same as for one head of full width (4·d² for the four projections), but each head has its own softmax, so one layer can look at several places at once: one head at the previous token, another from a pronoun to its noun, another at punctuation, where a single softmax would have to blend these patterns into one distribution per token. MiniLM uses 12 heads of 32 dimensions (384 = 12 × 32). Many heads, having nothing useful to do on a given input, park their attention on [SEP] or [CLS], one reason why a good share of heads can be pruned with little loss. Large LLMs keep many query heads but share keys and values among them (MQA, GQA) to shrink the KV cache.',
      zh: '多头注意力把 d_model 拆成 h 个头，每个头 d_k = d_model/h 维，各有一套 Q、K、V 投影，分别独立做注意力，再把 h 个输出拼接起来，用 W_O 混合。参数量和 FLOPs 与一个满宽度的单头相同（四个投影共 4·d²），但每个头有自己的 softmax，所以一层可以同时关注好几处：一个头看前一个词元，一个头把代词连到它指代的名词，另一个头看标点；单个 softmax 则只能把这些模式混成每个词元的一个分布。MiniLM 用 12 个 32 维的头（384 = 12 × 32）。很多头在某个输入上无事可做，就把注意力停在 [SEP] 或 [CLS] 上，这也是相当一部分头可以剪掉而损失很小的原因之一。大模型保留很多查询头，但让它们共享键和值（MQA、GQA），以缩小 KV 缓存。',
    },
    steps: [
      {
        lab: 'transformer',
        params: { view: 'attention', sample: 'en', layer: 3, head: 0 },
        look: {
          en: 'Read “Where attention goes, layer by layer” under the grid of all 72 heads, then click thumbnails in the grid and hover “it” in the large view to look for heads that link it to “animal”.',
          zh: '先看全部 72 个头的网格下方的“注意力去了哪里（逐层）”，再点击网格里的缩略图，在大图里把鼠标停在“it”上，找找有没有把它连到“animal”的头。',
        },
        predict: {
          ask: {
            en: 'In MiniLM’s middle layers, what share of the attention lands on [CLS] and [SEP] together?',
            zh: '在 MiniLM 的中间几层，落在 [CLS] 和 [SEP] 上的注意力一共占多少？',
          },
          choices: [
            { en: 'Under a tenth', zh: '不到十分之一' },
            { en: 'Around a third', zh: '三分之一左右' },
            { en: 'More than half', zh: '超过一半' },
          ],
        },
      },
      {
        lab: 'transformer',
        params: { view: 'attention', sample: 'en', draw: 'heatmap', layer: 1, head: 1 },
        look: {
          en: 'Step through layer 1’s twelve heads with the head picker: look for one whose heatmap is a stripe just off the diagonal (each token looking at its neighbour) and one spread over the whole sentence.',
          zh: '用头选择器逐个查看第 1 层的 12 个头：找一个热力图是紧贴对角线的斜条（每个词元看它的邻居）的头，再找一个注意力铺满整句的头。',
        },
      },
    ],
  },
  {
    id: 'bert-vs-gpt',
    group: 'attention',
    title: {
      en: 'BERT vs GPT: encoder vs decoder, training objectives and attention masks.',
      zh: 'BERT 和 GPT 的区别：编码器与解码器、训练目标、注意力掩码。',
    },
    answer: {
      en: 'Both are stacks of the same Transformer block; they differ in the mask and the objective. BERT is an encoder: attention is bidirectional, every token sees the whole input, and it is pre-trained with masked language modelling (15% of tokens selected, of which 80% become [MASK], 10% a random token and 10% stay unchanged) plus next-sentence prediction, so only the selected ~15% of positions carry a loss. GPT is a decoder: a causal mask sets the scores of all later keys to −∞ before the softmax, and it learns to predict the next token at every position, so one sequence of n tokens gives n training targets in a single pass. BERT’s bidirectional vectors suit understanding tasks such as classification, retrieval and sentence embeddings (MiniLM is a small BERT), but it has no natural way to generate; GPT writes left to right and, at scale, handles understanding tasks through prompting. The original Transformer had both halves: an encoder for the source and a decoder with causal self-attention plus cross-attention to the encoder, as T5 still does.',
      zh: '两者都由同样的 Transformer 块堆叠而成，区别在于掩码和训练目标。BERT 是编码器：注意力是双向的，每个词元都能看到整个输入；预训练用掩码语言模型（选出 15% 的词元，其中 80% 换成 [MASK]、10% 换成随机词元、10% 保持不变）加下一句预测，所以只有被选中的约 15% 的位置有损失。GPT 是解码器：因果掩码在 softmax 之前把所有后面位置的键的分数设为 −∞，训练目标是在每个位置预测下一个词元，因此一条 n 个词元的序列一次前向就提供 n 个训练目标。BERT 的双向表示适合分类、检索、句向量这类理解任务（MiniLM 就是一个小 BERT），但它没有自然的生成方式；GPT 从左到右生成，规模足够大时也能通过提示完成理解类任务。原始 Transformer 两部分都有：编码器读源句，解码器用带因果掩码的自注意力加上对编码器的交叉注意力，T5 至今仍是这种结构。',
    },
    steps: [
      {
        lab: 'gpt',
        params: { view: 'masks', vtext: POEM },
        look: {
          en: 'Optionally press Train and pause after about 30 seconds. Under “Inside your GPT”, the “BERT vs GPT” tab draws both masks and each model’s real first-layer attention on the same line of poetry.',
          zh: '可以先点“训练”，约 30 秒后暂停（不训练也行）。在“你的 GPT 内部”的“BERT 对比 GPT”标签页里，会画出两种掩码，以及两个模型在同一句诗上真实的第一层注意力。',
        },
        predict: {
          ask: {
            en: 'In your GPT, how much attention does the first character of the line give to itself?',
            zh: '在你的 GPT 里，这句诗的第一个字把多少注意力给了自己？',
          },
          choices: [
            { en: 'All of it', zh: '全部' },
            { en: 'About an even share with the other characters', zh: '和其他字差不多平分' },
            { en: 'It depends on how long it trained', zh: '取决于训练了多久' },
          ],
        },
      },
      {
        lab: 'gpt',
        params: { view: 'head', vtext: POEM, layer: 1, head: 1, query: 4 },
        look: {
          en: 'One head’s arithmetic on your decoder, with the mask step: for the query at position 4, the keys after it get a score of −∞ before the softmax and a weight of exactly 0.',
          zh: '在你的解码器上看单个头的计算，多了掩码这一步：对位置 4 的查询，它后面的键在 softmax 之前分数被设为 −∞，权重恰好为 0。',
        },
      },
      {
        lab: 'transformer',
        params: { view: 'head', text: CAT, layer: 2, head: 6, query: 2 },
        look: {
          en: 'The same arithmetic in BERT for the query “cat”: there is no mask step, and words after it such as “mat” and “tired” receive weight too.',
          zh: '同样的计算放在 BERT 上，查询是“cat”：没有掩码这一步，它后面的“mat”“tired”等词也分到了权重。',
        },
      },
    ],
  },
  {
    id: 'positional-encodings',
    group: 'attention',
    title: {
      en: 'How do Transformers encode position? Compare BERT’s learned embeddings, the original sinusoids, RoPE and ALiBi.',
      zh: 'Transformer 如何编码位置？比较 BERT 的可学习位置嵌入、原始 Transformer 的正弦编码、RoPE 和 ALiBi。',
    },
    answer: {
      en: 'Without positions, self-attention is permutation-equivariant (shuffle the tokens and each output is unchanged), so order has to be injected. BERT and GPT-2 learn one vector per position (512 or 1,024 rows) and add it to the token embedding: flexible, but there is nothing past the last row, so longer inputs cannot be read. The original Transformer added fixed sinusoids, PE(pos, 2i) = sin(pos/10000^(2i/d)) and the cosine for 2i + 1: no parameters, defined at every position, and PE(pos + k) is a rotation of PE(pos). RoPE (LLaMA, Qwen) adds nothing to the input; it rotates each pair of query and key dimensions by m·θ_i, so q_m·k_n depends only on the offset m − n and every layer’s scores see relative distance. ALiBi (BLOOM, MPT) also adds nothing; it subtracts a per-head slope times the distance, m_h·(i − j), from each score, which biases heads towards nearby tokens and degrades gently past the training length. Long-context LLMs stretch RoPE with position interpolation, NTK-aware scaling or YaRN plus a little fine-tuning.',
      zh: '没有位置信息时，自注意力是置换等变的（把词元打乱，每个输出本身不变），所以顺序必须另外注入。BERT 和 GPT-2 为每个位置学一个向量（512 或 1024 行），加到词元嵌入上：很灵活，但最后一行之后什么都没有，读不了更长的输入。原始 Transformer 加的是固定的正弦位置编码，PE(pos, 2i) = sin(pos/10000^(2i/d))，2i + 1 维取余弦：没有参数，对任何位置都有定义，而且 PE(pos + k) 是 PE(pos) 的一个旋转。旋转位置编码 RoPE（LLaMA、Qwen）不往输入里加任何东西，而是把查询和键的每一对维度旋转 m·θ_i，于是 q_m·k_n 只依赖偏移 m − n，每一层的注意力分数都看得到相对距离。ALiBi（BLOOM、MPT）同样不加嵌入，而是在每个分数上减去每个头自己的斜率乘以距离 m_h·(i − j)，让各个头偏向近处的词元，超出训练长度时性能下降得比较平缓。长上下文大模型则用位置插值、NTK 缩放或 YaRN 来拉长 RoPE，再配合少量微调。',
    },
    steps: [
      {
        lab: 'gpt',
        params: { ...TINY_GPT, pos: 'rope', xsteps: 200 },
        look: {
          en: 'No training needed: “How it knows the order” draws the sinusoid table and its position-by-position similarity, RoPE’s angles with a check on this model’s own q and k, and ALiBi’s per-head penalties.',
          zh: '不需要训练：“模型如何知道顺序”画出了正弦编码表及其位置两两之间的相似度、RoPE 的旋转角度（并用这个模型自己的 q 和 k 做了验证），以及 ALiBi 每个头的距离惩罚。',
        },
      },
      {
        lab: 'gpt',
        params: { ...TINY_GPT, pos: 'rope', xsteps: 200 },
        look: {
          en: 'In “Past the training length”, press “Train the five and measure”: none, learned, sinusoidal, RoPE and ALiBi each train 200 steps at context 32, then each one’s held-out loss is read at every position up to 128. Compare the lines left and right of the mark.',
          zh: '在“超出训练长度之后”里点“训练五个模型并测量”：无位置、可学习、正弦、RoPE 和 ALiBi 各自在上下文 32 下训练 200 步，然后测出每个模型在 128 以内每个位置上的留出损失。比较标记线左右两侧的曲线。',
        },
        predict: {
          ask: {
            en: 'Past position 32, the training length, whose loss rises the most?',
            zh: '超过训练长度（位置 32）之后，谁的损失上升得最多？',
          },
          choices: [
            { en: 'Learned positions', zh: '可学习位置' },
            { en: 'Sinusoidal', zh: '正弦编码' },
            { en: 'RoPE', zh: 'RoPE' },
            { en: 'ALiBi', zh: 'ALiBi' },
          ],
        },
      },
      {
        lab: 'transformer',
        params: { view: 'embeddings', sample: 'en', query: 2 },
        look: {
          en: 'BERT’s input for a token is its word embedding plus a learned position embedding (plus a segment embedding): pick a token under “One token’s vectors” and compare its word strip with its position strip.',
          zh: 'BERT 中一个词元的输入是词嵌入加上可学习的位置嵌入（再加句段嵌入）：在“单个词元的向量”里选一个词元，比较它的词嵌入色条和位置嵌入色条。',
        },
      },
    ],
  },
  {
    id: 'transformer-params-flops',
    group: 'attention',
    title: {
      en: 'Estimate the parameter count and the FLOPs of a Transformer from its shape.',
      zh: '根据 Transformer 的形状估算它的参数量和 FLOPs。',
    },
    answer: {
      en: 'In each block, attention has four d × d projections (Q, K, V, O), 4d², and an MLP with ratio 4 has a d × 4d and a 4d × d matrix, 8d², so a block is about 12d² and L blocks about 12·L·d², biases and norms aside. Embeddings add V·d (counted once when the output layer is tied to them) and learned positions n_ctx·d. GPT-2 small (L = 12, d = 768, V = 50,257, n_ctx = 1,024): 12·12·768² ≈ 84.9M in the blocks, plus 38.6M for token and 0.8M for position embeddings, ≈ 124M. A forward pass costs about 2 FLOPs per parameter per token (one multiply-add), plus about 4·n_ctx·d per layer for QKᵀ and the weighted sum of V; training costs about three forward passes, hence the rule 6·N·D FLOPs for N parameters and D training tokens. In small models the vocabulary can dominate, so always weigh V·d against 12·L·d².',
      zh: '每个块里，注意力有 Q、K、V、O 四个 d × d 的投影，共 4d²；MLP 倍数为 4 时有一个 d × 4d 和一个 4d × d 的矩阵，共 8d²，所以一个块约 12d²，L 个块约 12·L·d²（不计偏置和归一化）。嵌入另有 V·d（输出层与之共享权重时只算一次），可学习位置编码再加 n_ctx·d。以 GPT-2 small 为例（L = 12，d = 768，V = 50,257，n_ctx = 1024）：块里 12·12·768² ≈ 84.9M，加上 38.6M 的词元嵌入和 0.8M 的位置嵌入，约 124M。前向传播每个词元每个参数约 2 FLOPs（一次乘加），每层再加约 4·n_ctx·d 用于 QKᵀ 和对 V 的加权求和；训练约等于三次前向，所以有 N 个参数、D 个训练词元时总计约 6·N·D FLOPs。小模型里词表可能占大头，所以一定要拿 V·d 和 12·L·d² 比一比。',
    },
    steps: [
      {
        lab: 'gpt',
        params: { layers: 2, width: 128, heads: 4, ctx: 64 },
        look: {
          en: 'No training needed: read “Parameters and FLOPs”, with each part’s parameters and share, the 12·L·d² rule against the exact count, and the FLOPs per token forward and for training.',
          zh: '不需要训练：看“参数量与 FLOPs”，里面有每一部分的参数量和占比、12·L·d² 经验公式与精确值的对比，以及每个词元前向和训练所需的 FLOPs。',
        },
        predict: {
          ask: {
            en: 'For this character-level GPT on the Tang poems, which part holds the most parameters?',
            zh: '这个在唐诗上按字符训练的 GPT，哪一部分参数最多？',
          },
          choices: [
            { en: 'Attention', zh: '注意力' },
            { en: 'The MLPs', zh: 'MLP' },
            { en: 'The token embedding and output layer', zh: '词元嵌入和输出层' },
          ],
        },
      },
      {
        lab: 'gpt',
        params: { layers: 2, width: 256, heads: 4, ctx: 64 },
        look: {
          en: 'The same model at width 256: compare the table and the rule-of-thumb line with the previous step.',
          zh: '同一个模型，宽度改为 256：把表格和经验公式那一行与上一步比较。',
        },
        predict: {
          ask: {
            en: 'Width 128 → 256: by how much do the blocks’ parameters grow?',
            zh: '宽度从 128 变成 256，块里的参数增加到原来的多少倍？',
          },
          choices: [
            { en: '×2', zh: '2 倍' },
            { en: '×4', zh: '4 倍' },
            { en: '×8', zh: '8 倍' },
          ],
        },
      },
      {
        lab: 'gpt',
        params: { layers: 2, width: 128, heads: 4, ctx: 256 },
        look: {
          en: 'Back to width 128 with a context of 256: compare the positions row, the total and the FLOPs per token with the first step. Which one moved more?',
          zh: '回到宽度 128，上下文改为 256：把位置那一行、总参数量和每个词元的 FLOPs 与第一步比较，看哪个变化更大。',
        },
      },
    ],
  },

  // ───────────────────────────── tokens ─────────────────────────────
  {
    id: 'bpe-vs-wordpiece',
    group: 'tokens',
    title: {
      en: 'How do BPE and WordPiece build a subword vocabulary, and how do they differ?',
      zh: 'BPE 和 WordPiece 是怎样构建子词词表的？两者有什么不同？',
    },
    answer: {
      en: 'Both start from small units and grow a vocabulary by merging. BPE counts every pair of adjacent symbols in the training corpus, merges the most frequent pair into a new symbol and repeats until the vocabulary reaches its target size (about 50k merges for GPT-2); encoding new text replays the merges in the order they were learned. WordPiece (BERT) instead merges the pair that most increases the likelihood of the training data, roughly the highest count(ab) / (count(a)·count(b)), so it prefers pieces that occur together more than chance rather than merely often; at encoding time it greedily takes the longest vocabulary piece from the start of each word, marks word-internal pieces with ##, and falls back to [UNK] when nothing matches. SentencePiece’s unigram model goes the other way: it starts from a large vocabulary and prunes the pieces whose removal costs the least likelihood. In all of them frequent words become single tokens and rare words are spelled from pieces, so a vocabulary of 30k–200k covers almost everything.',
      zh: '两者都是从小单元出发，通过合并扩充词表。BPE 统计训练语料中每一对相邻符号的出现次数，把最频繁的一对合并成新符号，反复进行直到词表达到目标大小（GPT-2 约 5 万次合并）；对新文本编码时，按学到的顺序重放这些合并。WordPiece（BERT）合并的则是最能提高训练数据似然的那一对，大致是 count(ab) / (count(a)·count(b)) 最大的那一对，所以它偏好“一起出现的次数超出随机预期”的片段，而不只是出现得多的片段；编码时它从每个词的开头贪心地取词表里最长的片段，词内部的片段以 ## 标记，匹配不上时退回 [UNK]。SentencePiece 的 Unigram 模型反其道而行：从一个大词表出发，逐步删去对似然影响最小的片段。无论哪种，高频词都成为单个词元，罕见词由片段拼成，所以 3 万到 20 万的词表几乎能覆盖一切。',
    },
    steps: [
      {
        lab: 'text',
        params: { sample: 'en', corpus: 'en', merges: 1 },
        look: {
          en: 'Under “Train your own BPE”, press Train and read why merge 1 was chosen; press “Step: one more merge” a few times, then drag the slider towards 200 and watch the token count of your text fall.',
          zh: '在“训练你自己的 BPE”里点“训练”，读一读第 1 次合并为什么被选中；点几次“单步：再合并一次”，再把滑块拖到 200 附近，看你的文字的词元数如何下降。',
        },
        predict: {
          ask: {
            en: 'Before you train: what will the very first merge on the English sample join?',
            zh: '训练之前先猜：在英文示例上，第一次合并会把什么连在一起？',
          },
          choices: [
            { en: 'Two letters inside a word, such as t + h', zh: '词内部的两个字母，比如 t + h' },
            { en: 'A letter and a space', zh: '一个字母和一个空格' },
            { en: 'Two punctuation marks', zh: '两个标点符号' },
          ],
        },
      },
      {
        lab: 'text',
        params: { text: 'Unbelievably, tokenization works.', tok: 'wordpiece,r50kBase,o200kBase' },
        look: {
          en: 'Compare how each tokenizer cuts “Unbelievably” and “tokenization”: WordPiece marks pieces inside a word with ##, GPT’s BPE keeps the leading space inside the next token. Hover a token for its id.',
          zh: '比较各个分词器怎样切“Unbelievably”和“tokenization”：WordPiece 用 ## 标记词内部的片段，GPT 的 BPE 把前导空格并进后一个词元。把鼠标停在词元上可以看到它的编号。',
        },
      },
    ],
  },
  {
    id: 'byte-level-bpe',
    group: 'tokens',
    title: {
      en: 'What is byte-level BPE, and why can GPT-2 encode any string without an [UNK] token?',
      zh: '什么是字节级 BPE？为什么 GPT-2 不需要 [UNK] 就能编码任何字符串？',
    },
    answer: {
      en: 'Byte-level BPE runs its merges over UTF-8 bytes rather than Unicode characters, so the base vocabulary is just the 256 byte values and every possible string (any script, emoji or binary junk) can be encoded with no [UNK]. A character-level base would need the whole of Unicode, about 150k assigned characters, or an [UNK] fallback like the one BERT’s WordPiece uses for characters it lacks. The price is that tokens need not line up with characters: a Chinese character takes 3 bytes (深 = E6 B7 B1), and if the vocabulary learned few merges for it, it is split over two or three tokens that each hold part of a character, so decoding one such token alone gives invalid text. GPT-2 also pre-splits text with a regex (letters, digits and punctuation apart, a leading space attached to the word) so that merges never cross word boundaries, and maps bytes to printable characters, which is why its tokens show Ġ for a space. SentencePiece offers the same safety net through its byte fallback.',
      zh: '字节级 BPE 在 UTF-8 字节而不是 Unicode 字符上做合并，基础词表只有 256 个字节值，所以任何字符串（任何文字、表情符号乃至乱码）都能编码，不需要 [UNK]。如果以字符为基础单元，就得覆盖整个 Unicode（已分配约 15 万个字符），或者像 BERT 的 WordPiece 那样，对词表里没有的字符退回 [UNK]。代价是词元不一定和字符对齐：一个汉字占 3 个字节（“深” = E6 B7 B1），如果词表为它学到的合并很少，它就会被拆成两三个词元，每个只装了半个字，单独解码这样一个词元得到的是不合法的文本。GPT-2 还会先用正则表达式对文本做预切分（字母、数字、标点分开，前导空格连在词上），保证合并不会跨越词边界，并把字节映射成可打印字符，所以它的词元里空格显示为 Ġ。SentencePiece 也通过字节回退（byte fallback）提供同样的兜底。',
    },
    steps: [
      {
        lab: 'text',
        params: { sample: 'emoji', tok: 'wordpiece,r50kBase,o200kBase,bytes' },
        look: {
          en: 'Find the tokens drawn as hex bytes such as <F0 9F>: pieces of one character. Hover them for their bytes, and look for any [UNK] in the WordPiece row.',
          zh: '找出显示成十六进制字节（例如 <F0 9F>）的词元：它们只是一个字符的一部分。把鼠标停在上面看字节，再看看 WordPiece 那一行里有没有 [UNK]。',
        },
      },
      {
        lab: 'text',
        params: { text: '深度学习', tok: 'r50kBase,o200kBase,chars,bytes' },
        look: {
          en: 'Compare the rows for four characters (12 bytes) and hover GPT-2’s tokens: some hold only part of a character.',
          zh: '比较这四个汉字（12 个字节）在各行的切法，把鼠标停在 GPT-2 的词元上：有些词元只装了半个字。',
        },
        predict: {
          ask: {
            en: 'Four Chinese characters are 12 UTF-8 bytes. How many tokens does GPT-2’s BPE spend on them?',
            zh: '四个汉字共 12 个 UTF-8 字节。GPT-2 的 BPE 要用多少个词元？',
          },
          choices: [
            { en: 'Four: one per character', zh: '4 个：每字一个' },
            { en: 'Between 5 and 11', zh: '5 到 11 个之间' },
            { en: 'Twelve: one per byte', zh: '12 个：每字节一个' },
          ],
        },
      },
    ],
  },
  {
    id: 'chinese-segmentation',
    group: 'tokens',
    title: {
      en: 'How is Chinese text tokenized? Word segmentation (jieba) vs characters vs subwords.',
      zh: '中文文本是怎样分词的？结巴分词、按字切分和子词各有什么特点？',
    },
    answer: {
      en: 'Chinese has no spaces, so a word-level tokenizer must segment first: jieba builds a graph of every dictionary word that matches the sentence, picks the path with the highest product of word frequencies by dynamic programming, and runs an HMM over B/M/E/S character tags to guess words missing from its dictionary, such as names. Word-level vocabularies for Chinese are huge, still miss new words, and pass segmentation errors downstream, so neural models mostly avoid them. Chinese BERT simply makes every CJK character its own token (a 21,128-entry vocabulary), while GPT-style models apply byte-level BPE to UTF-8, where frequent characters and words become single tokens and rare ones are spelled from byte pieces. Newer multilingual vocabularies (cl100k, o200k, Qwen’s ~151k) learned many Chinese merges, so common words such as 中国 or 学习 can be one token. Worth adding: characters keep the vocabulary small and robust, words or subwords shorten sequences, and whole-word masking (Chinese BERT-wwm) still uses a segmenter to decide which characters to mask together.',
      zh: '中文没有空格，按词切分之前必须先分词：结巴分词把句子中所有能在词典里匹配上的词构成一张有向无环图，用动态规划找出词频乘积最大的路径，再用基于 B/M/E/S 字标注的隐马尔可夫模型（HMM）去猜词典里没有的词，比如人名。中文的词级词表非常庞大，仍然会漏掉新词，而且分词错误会传到下游，所以神经网络模型大多不用词级切分。中文 BERT 直接把每个汉字切成一个词元（词表 21,128 个），GPT 类模型则在 UTF-8 上做字节级 BPE，常见的字和词成为单个词元，罕见的由字节片段拼成。较新的多语言词表（cl100k、o200k、Qwen 约 15 万的词表）学到了大量中文合并，“中国”“学习”这样的常用词可以只占一个词元。可以补充：按字切分词表小、鲁棒，按词或子词能缩短序列；中文 BERT-wwm 的全词掩码仍要靠分词器决定哪些字一起掩掉。',
    },
    steps: [
      {
        lab: 'text',
        params: { sample: 'zh', tok: 'wordpiece,jieba,chars,o200kBase', hmm: true },
        look: {
          en: 'On the Chinese sample, compare the rows: WordPiece, jieba’s words, single characters and GPT-4o’s BPE. Hover a jieba word to see where the other tokenizers cut the same characters.',
          zh: '在中文示例上比较各行：WordPiece、结巴分出的词、单个汉字和 GPT-4o 的 BPE。把鼠标停在一个结巴分出的词上，看其他分词器在同样几个字上怎么切。',
        },
      },
      {
        lab: 'text',
        params: { sample: 'zh', tok: 'jieba,chars', hmm: false },
        look: {
          en: 'The HMM is off here. Toggle “jieba: guess unknown words (HMM)” on and off and watch the name at the start of the second sentence and other rare words.',
          zh: '这里 HMM 是关着的。反复勾选、取消“结巴：猜测未登录词（HMM）”，观察第二句开头的人名和其他生僻词的切分。',
        },
        predict: {
          ask: {
            en: 'With the HMM off, how does jieba cut the name 小明?',
            zh: '关掉 HMM 后，结巴会怎样切人名“小明”？',
          },
          choices: [
            { en: 'Still one word', zh: '仍是一个词' },
            { en: 'Split into 小 and 明', zh: '拆成“小”和“明”' },
            { en: 'Glued to the word after it', zh: '和后面的词粘在一起' },
          ],
        },
      },
    ],
  },
  {
    id: 'token-cost-across-tokenizers',
    group: 'tokens',
    title: {
      en: 'Why does the same text cost a different number of tokens in different models, and why does that matter?',
      zh: '为什么同一段文字在不同模型里的词元数不一样？这有什么影响？',
    },
    answer: {
      en: 'A tokenizer’s vocabulary is learned from a corpus, so text that resembles that corpus compresses into few tokens and other text into many. English prose runs at roughly 4 characters per token in GPT-4-era vocabularies, while a vocabulary learned mostly from English has few merges for Chinese: each character is 3 UTF-8 bytes and GPT-2’s r50k often needs more than one token for it, whereas cl100k and o200k, with about 100k and 200k entries learned from more languages, come close to one token per character or better. Code, numbers and emoji have ratios of their own; runs of spaces and long digit strings are classic offenders. Token counts set the price of an API call, how much fits in the context window and how long generation takes (roughly one forward pass per token), so the same Chinese document can cost two or three times more, and take that much longer, in one model than in another. A larger vocabulary shortens sequences but enlarges the embedding and output layers (V·d each): that is the trade-off when choosing its size.',
      zh: '分词器的词表是从语料中学来的，和这些语料相像的文本能压缩成很少的词元，其他文本则需要很多。在 GPT-4 这一代词表下，英文大约每个词元 4 个字符；而主要从英文学来的词表为中文学到的合并很少：每个汉字占 3 个 UTF-8 字节，GPT-2 的 r50k 常常要用不止一个词元表示一个汉字，而 cl100k 和 o200k 分别有约 10 万和 20 万个词条，从更多语言中学习，能接近每字一个词元甚至更少。代码、数字和表情符号又各有各的比例，成串的空格和长数字串是典型的“费 token”大户。词元数决定了 API 调用的价格、上下文窗口能装多少内容，以及生成要多久（大约每个词元一次前向传播），所以同一篇中文文档在一个模型里的费用和耗时可能是另一个模型的两三倍。词表越大序列越短，但嵌入层和输出层（各 V·d）也越大，这就是选择词表大小时的取舍。',
    },
    steps: [
      {
        lab: 'text',
        params: { sample: 'zh', tok: 'r50kBase,cl100kBase,o200kBase,jieba,chars,bytes' },
        look: {
          en: 'Read “What the same text costs”: the tokens and characters per token of each tokenizer on the Chinese sample.',
          zh: '看“同一段文字的代价”：各分词器在中文示例上的词元数和每个词元的字符数。',
        },
        predict: {
          ask: {
            en: 'On this Chinese text, how does GPT-4o’s token count compare with GPT-2’s?',
            zh: '在这段中文上，GPT-4o 的词元数和 GPT-2 比怎么样？',
          },
          choices: [
            { en: 'About the same', zh: '差不多' },
            { en: 'Clearly fewer', zh: '明显更少' },
            { en: 'Clearly more', zh: '明显更多' },
          ],
        },
      },
      {
        lab: 'text',
        params: { sample: 'en', tok: 'r50kBase,cl100kBase,o200kBase,jieba,chars,bytes' },
        look: {
          en: 'The same table on the English sample: compare the gap between GPT-2 and GPT-4o here with the gap on Chinese.',
          zh: '同一张表换成英文示例：把这里 GPT-2 和 GPT-4o 的差距与中文上的差距比一比。',
        },
      },
      {
        lab: 'text',
        params: { sample: 'code', tok: 'r50kBase,cl100kBase,o200kBase,chars' },
        look: {
          en: 'Now code: hover the indentation in each row and compare GPT-2 with GPT-4’s cl100k.',
          zh: '再看代码：把鼠标停在各行的缩进上，比较 GPT-2 和 GPT-4 的 cl100k。',
        },
        predict: {
          ask: {
            en: 'How does GPT-2’s BPE handle the four spaces of indentation?',
            zh: 'GPT-2 的 BPE 怎样处理四个空格的缩进？',
          },
          choices: [
            { en: 'One token for all four', zh: '四个空格一个词元' },
            { en: 'About one token per space', zh: '差不多每个空格一个词元' },
            { en: 'It drops them', zh: '直接丢掉' },
          ],
        },
      },
    ],
  },
  {
    id: 'word2vec-vs-bert-embeddings',
    group: 'tokens',
    title: {
      en: 'word2vec vs BERT embeddings: what is the difference between static and contextual embeddings?',
      zh: 'word2vec 和 BERT 的词向量有什么不同？静态词嵌入和上下文相关的词嵌入区别在哪？',
    },
    answer: {
      en: 'word2vec learns one fixed vector per word type from co-occurrence: skip-gram predicts the words in a small window around a centre word (CBOW the reverse), usually with negative sampling, so words used in similar contexts get similar vectors and analogies like king − man + woman ≈ queen roughly hold. The vector for “bank” is then the same in “river bank” and “bank loan”: all senses are averaged into one point, and words outside the vocabulary have no vector at all (fastText patches this with character n-grams). BERT’s input embedding table is static too, but the vectors coming out of its layers are contextual: through self-attention each token’s output depends on the whole sentence, so the two “bank”s end up far apart. Contextual vectors power fine-tuned classifiers and, mean-pooled and trained contrastively as in sentence-transformers, sentence embeddings; static vectors are cheap lookups still useful as features or in tiny models. Raw BERT token vectors are anisotropic (crowded into a narrow cone), so plain cosine between them means little without such training or normalisation.',
      zh: 'word2vec 根据共现关系为每个词型学一个固定向量：skip-gram 用中心词预测小窗口内的上下文词（CBOW 反过来），通常配合负采样训练，于是出现在相似上下文中的词得到相近的向量，king − man + woman ≈ queen 这样的类比大致成立。这样一来，“bank”在“river bank”和“bank loan”里是同一个向量：所有词义被平均到一个点上，词表外的词也根本没有向量（fastText 用字符 n-gram 来弥补）。BERT 的输入嵌入表同样是静态的，但经过各层之后输出的向量是上下文相关的：通过自注意力，每个词元的输出取决于整句话，所以两个“bank”的向量相距很远。上下文向量支撑着微调后的分类器，经过平均池化和对比学习训练（如 sentence-transformers）还能得到句向量；静态向量查表很便宜，仍可用作特征或用在极小的模型里。未经这类训练的 BERT 词元向量是各向异性的（挤在一个窄锥里），不做这类训练或归一化，直接算余弦相似度意义不大。',
    },
    steps: [
      {
        lab: 'representations',
        params: { near: '月,日,花', epochs: 1, dim: 50, window: 5 },
        look: {
          en: 'Press Train in the word2vec panel: one epoch over the Tang poems takes a few seconds. Then read the Nearest neighbours table: each character’s closest characters by cosine, learned only from which characters sit near which.',
          zh: '在 word2vec 面板里点“训练”：在唐诗上训练一轮只要几秒。然后看“最近邻”表：每个字按余弦相似度最接近的字，完全是从“哪些字挨着哪些字”里学出来的。',
        },
        predict: {
          ask: {
            en: 'After one epoch, how similar (cosine) will 月 (moon) be to its nearest neighbour?',
            zh: '训练一轮之后，“月”和它最近的邻居的余弦相似度会是多少？',
          },
          choices: [
            { en: 'Below 0.2: no closer than random characters', zh: '低于 0.2：不比随机的字更接近' },
            { en: 'Between 0.2 and 0.5', zh: '在 0.2 到 0.5 之间' },
            { en: 'Above 0.5: clearly related characters', zh: '高于 0.5：明显相关的字' },
          ],
        },
      },
      {
        lab: 'representations',
        params: { corpus: 'text', cs1: 'She sat on the bank of the river.', cs2: 'He paid the cash into the bank.', cw: 'bank' },
        look: {
          en: 'In “One word, two sentences”, press Compare: MiniLM reads both sentences, and the table gives the cosine of the two “bank” vectors at every depth, from the shared table row to the last layer.',
          zh: '在“一个词，两个句子”里点“比较”：MiniLM 读入两个句子，表格给出两个“bank”向量在每一层的余弦相似度，从共用的表行一直到最后一层。',
        },
        predict: {
          ask: {
            en: 'After MiniLM’s last layer, how similar will bank (river) and bank (money) be?',
            zh: '经过 MiniLM 的最后一层后，bank（河岸）和 bank（银行）的向量有多相似？',
          },
          choices: [
            { en: 'Cosine 0.95 or more: still nearly one vector, like word2vec', zh: '余弦 0.95 及以上：几乎还是同一个向量，和 word2vec 一样' },
            { en: 'Between 0.5 and 0.95: related but clearly apart', zh: '在 0.5 到 0.95 之间：相关，但明显分开' },
            { en: 'Below 0.5: as unrelated as two random words', zh: '低于 0.5：像两个随机的词一样无关' },
          ],
        },
      },
      {
        lab: 'transformer',
        params: { text: 'I sat on the river bank. I paid cash at the bank.' },
        look: {
          en: 'In the token vectors view, follow the two “bank” tokens from layer 0 (the static embedding table, plus positions) up through the six layers: word2vec would give both the same single vector, while MiniLM’s attention pulls them apart according to their sentences.',
          zh: '在词元向量视图里，从第 0 层（静态嵌入表加上位置）一路看两个“bank”词元经过六层的变化：word2vec 会给两者同一个向量，而 MiniLM 的注意力会按各自所在的句子把它们拉开。',
        },
      },
    ],
  },

  // ───────────────────────────── llm ─────────────────────────────
  {
    id: 'kv-cache-decoding',
    group: 'llm',
    title: {
      en: 'Why is LLM decoding hard to accelerate? What does the KV cache do, and what does it cost?',
      zh: '为什么大模型的解码难以加速？KV 缓存做了什么，代价是什么？',
    },
    answer: {
      en: 'Generation is autoregressive: token t + 1 depends on token t, so decoding makes one token per forward pass and cannot be parallelised along the sequence the way training or the prompt’s prefill can. Without a cache every step would rerun the whole prefix, O(n²) token-passes for n tokens; since a causal model’s past keys and values never change, the KV cache keeps them, and each step runs only the new token and appends one row of K and V per layer. Each decode step is then a matrix–vector product that reads every weight and the whole cache to produce one token, so it is memory-bandwidth bound: a 7B model in fp16 reads about 14 GB per token, which caps one stream near 140 tokens/s on a 2 TB/s GPU however many FLOPs it has. The cache costs 2 × layers × KV heads × head width × tokens × bytes: for LLaMA-2 7B (32 layers, 32 heads of 128, fp16) 512 KiB per token, 2 GiB for a 4k context per sequence. The remedies batch many requests (more work per byte read), shrink the cache (GQA/MQA, int8 or fp8 KV, paged attention against fragmentation), or use speculative decoding, where a small draft model proposes several tokens that the large one checks in one pass.',
      zh: '生成是自回归的：第 t + 1 个词元依赖第 t 个，所以解码每次前向只产生一个词元，无法像训练或提示词的预填充那样沿序列并行。没有缓存时，每一步都要把整个前缀重算一遍，写 n 个词元要做 O(n²) 个词元的计算；而因果模型中过去词元的键和值永远不变，KV 缓存就把它们存下来，每一步只算新词元，并在每一层追加一行 K 和 V。于是每一步解码都是矩阵乘向量：读遍所有权重和整个缓存才产出一个词元，属于内存带宽受限。7B 模型用 fp16 时每个词元要读约 14 GB，在 2 TB/s 的 GPU 上单条序列的上限约为每秒 140 个词元，算力再多也没用。缓存本身占 2 × 层数 × KV 头数 × 头维度 × 词元数 × 字节数：LLaMA-2 7B（32 层，32 个 128 维的头，fp16）每个词元 512 KiB，4k 上下文每条序列 2 GiB。对策有：把许多请求合批（每读一个字节做更多计算）；缩小缓存（GQA/MQA、int8 或 fp8 的 KV、用分页注意力避免碎片）；或者投机解码：由小的草稿模型一次提出几个词元，大模型一次前向就能验证。',
    },
    steps: [
      {
        lab: 'gpt',
        params: { ctx: 256, ctoks: 128, csweep: true, prompt: '春风' },
        look: {
          en: 'No training needed: in “The KV cache”, press “Write with and without the cache”, then read the verdict (same tokens both ways?) and the chart of time per token against position.',
          zh: '不需要训练：在“KV 缓存”里点“分别用和不用缓存生成”，看结论（两种方式生成的词元是否相同）和每个词元耗时随位置变化的图。',
        },
        predict: {
          ask: {
            en: 'Without the cache, how does the time per token change as the text gets longer?',
            zh: '不用缓存时，随着文本变长，每个词元的耗时怎样变化？',
          },
          choices: [
            { en: 'It stays flat', zh: '基本不变' },
            { en: 'It grows with the position', zh: '随位置增长' },
            { en: 'It shrinks', zh: '越来越短' },
          ],
        },
      },
      {
        lab: 'gpt',
        params: { ctx: 256, ctoks: 128, csweep: true, prompt: '春风' },
        look: {
          en: 'After the same run, read the speeds line (prefill against decode) and the cache-size chart: the bytes held against 2 × layers × K/V heads × head width × tokens × 4.',
          zh: '在同一次运行的结果里，看速度那一行（预填充对比逐个解码）和缓存大小图：实际占用的字节数与 2 × 层数 × K/V 头数 × 头维度 × 词元数 × 4 的对比。',
        },
      },
      {
        lab: 'gpt',
        params: { ctx: 256, ctoks: 128, csweep: true, prompt: '春风', heads: 4, kv: 1 },
        look: {
          en: 'This model shares one K/V head among its four query heads (multi-query attention). Run the cache again and compare the formula line and the “Fewer K/V heads” table for 1, 2 and 4 K/V heads.',
          zh: '这个模型的四个查询头共用一个 K/V 头（多查询注意力）。再运行一次缓存实验，对比公式那一行和“更少的 K/V 头”表格里 1、2、4 个 K/V 头的结果。',
        },
        predict: {
          ask: {
            en: 'Going from 4 K/V heads to 1, what happens to the cache’s bytes?',
            zh: 'K/V 头从 4 个减到 1 个，缓存的字节数会怎样？',
          },
          choices: [
            { en: 'Halved', zh: '减半' },
            { en: 'Divided by four', zh: '变成四分之一' },
            { en: 'Unchanged: the queries still need them', zh: '不变：查询头还是要用它们' },
          ],
        },
      },
    ],
  },
  {
    id: 'llama-block',
    group: 'llm',
    title: {
      en: 'What changed from the GPT-2 block to the LLaMA block? Explain RMSNorm, SwiGLU, RoPE and GQA.',
      zh: '从 GPT-2 的块到 LLaMA 的块改了什么？解释 RMSNorm、SwiGLU、RoPE 和 GQA。',
    },
    answer: {
      en: 'Both are pre-norm decoder blocks; LLaMA changes four parts. RMSNorm replaces LayerNorm: y = x / √(mean(x²) + ε) · g, with no mean subtraction and no bias, which is cheaper and works as well, since re-centring turned out to matter little. SwiGLU replaces the GELU MLP: (SiLU(x·W₁) ⊙ x·W₃)·W₂ has three matrices instead of two, so the hidden width is cut from 4d to about (2/3)·4d = 8d/3 to keep the parameter count (LLaMA-7B: d = 4,096, hidden 11,008), and the gate gives a lower loss at equal compute. RoPE replaces the learned position table: queries and keys are rotated by position inside every attention layer, giving relative positions with no parameters. Grouped-query attention lets a group of query heads share one K/V head (LLaMA-2 70B: 64 query heads, 8 K/V heads), cutting the KV cache and its memory traffic 8× with little loss in quality; LLaMA also drops the biases of all its linear layers.',
      zh: '两者都是前置归一化的解码器块，LLaMA 改了四处。用 RMSNorm 代替 LayerNorm：y = x / √(mean(x²) + ε) · g，不减均值、没有偏置，计算更省而效果相当，因为事实证明重新居中作用不大。用 SwiGLU 代替 GELU MLP：(SiLU(x·W₁) ⊙ x·W₃)·W₂ 有三个矩阵而不是两个，所以隐藏宽度从 4d 缩到约 (2/3)·4d = 8d/3，以保持参数量不变（LLaMA-7B：d = 4096，隐藏层 11,008），在相同算力下门控结构的损失更低。用旋转位置编码 RoPE 代替可学习的位置表：在每一层注意力内部按位置旋转查询和键，不需要参数就能得到相对位置。分组查询注意力（GQA）让一组查询头共用一个 K/V 头（LLaMA-2 70B：64 个查询头、8 个 K/V 头），KV 缓存及其内存读写减为八分之一，质量损失很小；此外 LLaMA 的线性层全部去掉了偏置。',
    },
    steps: [
      {
        lab: 'gpt',
        params: { layers: 2, width: 128, heads: 4, ctx: 64, bsecs: 30 },
        look: {
          en: 'In “GPT-2 block against LLaMA block”, press “Train both”: the same model trains for 30 seconds with each block. Compare parameters, KV cache per token, training speed and held-out bits per character.',
          zh: '在“GPT-2 块对比 LLaMA 块”里点“两个都训练”：同一个模型分别用两种块训练 30 秒。对比参数量、每个词元的 KV 缓存、训练速度和留出集每字符比特数。',
        },
        predict: {
          ask: {
            en: 'After the same steps, which block reaches the lower held-out bits per character?',
            zh: '训练相同步数后，哪种块的留出集每字符比特数更低？',
          },
          choices: [
            { en: 'The GPT-2 block', zh: 'GPT-2 块' },
            { en: 'The LLaMA block', zh: 'LLaMA 块' },
            { en: 'Too close to call', zh: '难分高下' },
          ],
        },
      },
      {
        lab: 'gpt',
        params: { layers: 2, width: 128, heads: 4, ctx: 64, pos: 'rope', nk: 'rmsNorm', ffn: 'swiGlu', kv: 2 },
        look: {
          en: 'Here the LLaMA block is set in the model’s own knobs: read the MLP, norm and positions rows of “Parameters and FLOPs”, then press the “GPT-2 block” preset and compare.',
          zh: '这里直接在模型设置里选了 LLaMA 块：看“参数量与 FLOPs”中 MLP、归一化和位置这几行，再点“GPT-2 块”预设对比一下。',
        },
      },
    ],
  },
  {
    id: 'lora-low-rank-adaptation',
    group: 'llm',
    title: {
      en: 'How does LoRA work, and why does it save so much memory when fine-tuning?',
      zh: 'LoRA 的原理是什么？为什么微调时能省下这么多显存？',
    },
    answer: {
      en: 'LoRA freezes a pretrained weight W (d_out × d_in) and learns a low-rank update, W′ = W + (α/r)·B·A, with A (r × d_in) initialised randomly and B (d_out × r) initialised to zero, so training starts exactly from the base model. Only A and B train, r·(d_in + d_out) values per matrix: 65,536 instead of 16.8M for a 4,096 × 4,096 projection at r = 8, about 0.4%. Gradients and AdamW’s two moments exist only for those values, so while full fine-tuning in mixed precision needs about 16 bytes per parameter (weights, gradients, an fp32 master copy and two moments), LoRA needs little more than the frozen weights, and each task ships as a few-MB adapter beside a shared base. After training, B·A can be merged into W, so inference has no extra latency. It works because fine-tuning updates tend to have a low intrinsic rank; the α/r factor keeps the update’s scale comparable across ranks, and QLoRA pushes the idea further by keeping the frozen base in 4 bits.',
      zh: 'LoRA 冻结预训练权重 W（d_out × d_in），只学一个低秩更新：W′ = W + (α/r)·B·A，其中 A（r × d_in）随机初始化，B（d_out × r）初始化为零，所以训练正好从基座模型出发。只有 A 和 B 参与训练，每个矩阵 r·(d_in + d_out) 个值：4096 × 4096 的投影在 r = 8 时只有 65,536 个，而不是 1,680 万个，约 0.4%。梯度和 AdamW 的两个动量也只针对这些值，所以混合精度的全量微调每个参数约需 16 字节（权重、梯度、fp32 主权重和两个动量），而 LoRA 只比冻结的权重多一点点；每个任务只需交付几 MB 的适配器，与共享的基座搭配使用。训练结束后可以把 B·A 合并进 W，推理没有额外延迟。它之所以有效，是因为微调的更新往往本征秩很低；α/r 这个系数让不同秩下更新的幅度可比，QLoRA 则更进一步，把冻结的基座存成 4 位。',
    },
    steps: [
      {
        lab: 'lora',
        params: { mode: 'sweep', steps: 50, batch: 8 },
        look: {
          en: '“What trains, and what it holds in memory” is filled before any training: values trained, gradients and AdamW state for ranks 1 to 16 and full fine-tuning. Then press Train (50 steps each) and compare the new-style loss curves.',
          zh: '“训练哪些参数，占多少内存”在训练之前就填好了：秩 1 到 16 以及全量微调各自训练的参数量、梯度和 AdamW 状态的内存。然后点“训练”（每个各 50 步），比较新风格的损失曲线。',
        },
      },
      {
        lab: 'lora',
        params: { mode: 'one', rank: 8, full: true, steps: 100, batch: 8, srun: 1, layer: 1, matrix: 'query' },
        look: {
          en: 'Press Train, then under “Inside ΔW” press Show for LoRA r = 8, layer 1, W_Q: compare the singular values of its update with the full fine-tune’s, and read the energy line.',
          zh: '点“训练”，然后在“ΔW 内部”里对 LoRA r = 8、第 1 层、W_Q 点“显示”：比较它的更新与全量微调的更新的奇异值，并读出能量那一行。',
        },
        predict: {
          ask: {
            en: 'How much of the full fine-tune’s update energy do its top 8 directions (of 128) hold?',
            zh: '全量微调的更新中，前 8 个方向（共 128 个）占了多少能量？',
          },
          choices: [
            { en: 'Under a quarter', zh: '不到四分之一' },
            { en: 'About half', zh: '一半左右' },
            { en: 'Most of it', zh: '绝大部分' },
          ],
        },
      },
    ],
  },
  {
    id: 'lora-catastrophic-forgetting',
    group: 'llm',
    title: {
      en: 'After fine-tuning, the model lost much of its general ability. Why does catastrophic forgetting happen, and how do you keep general ability?',
      zh: '微调之后模型的通用能力明显下降。灾难性遗忘为什么会发生？怎样保住通用能力？',
    },
    answer: {
      en: 'Fine-tuning minimises the loss on the new data only; nothing in the objective protects what the weights encoded before, so a high learning rate or many epochs on a narrow dataset moves shared weights away from where the old skills lived, and the model gets better at the new style and worse at everything else. The usual remedies: keep the update small or constrained (LoRA or another PEFT method, a lower learning rate, fewer steps, early stopping on a general benchmark as well as the target), mix general or original-task data back into every batch (replay), and regularise towards the base (an L2 or EWC penalty on weight changes, or a KL term to the base model’s outputs). A low-rank LoRA update tends to learn somewhat less of the new task but also to forget less than full fine-tuning at the same steps, and the base stays untouched, so the adapter can be unloaded or scaled down. Interpolating the fine-tuned weights with the base (WiSE-FT-style averaging) often recovers general ability at a small cost on the target. Either way, measure both: held-out loss on the new task and on the old one.',
      zh: '微调只最小化新数据上的损失，目标函数里没有任何东西保护权重原先编码的知识，所以在较窄的数据集上用较高的学习率或训练很多轮，共享的权重就会离开旧技能所在的位置：模型在新风格上变好，在其他方面都变差。常用对策：让更新小一些或受约束（LoRA 等参数高效微调、更低的学习率、更少的步数，除了目标任务也在通用基准上做早停）；在每个批次里混入通用数据或原任务数据（回放）；向基座模型正则化（对权重变化加 L2 或 EWC 惩罚，或对基座模型的输出加 KL 项）。在相同步数下，低秩的 LoRA 更新往往新任务学得少一些，但遗忘也比全量微调少；而且基座原封不动，随时可以卸下适配器或调低它的比例。把微调后的权重与基座做插值（WiSE-FT 式的加权平均）往往能以目标任务上的少量损失找回通用能力。无论用哪种方法，两头都要测：新任务和旧任务上的留出损失。',
    },
    steps: [
      {
        lab: 'lora',
        params: { mode: 'one', rank: 8, full: true, steps: 100, lr: 0.005, batch: 8 },
        look: {
          en: 'Press Train: LoRA r = 8 and full fine-tuning adapt the Tang-poem GPT to the Song ci for 100 steps. Watch the new-style and old-style (Tang) charts and read the table’s “change (forgetting)” column.',
          zh: '点“训练”：LoRA r = 8 和全量微调各用 100 步把唐诗 GPT 适配到宋词。观察新风格和旧风格（唐诗）两张图，并读出表格里“变化（遗忘）”那一列。',
        },
        predict: {
          ask: {
            en: 'Which run’s loss on the Tang poems rises more?',
            zh: '哪一个在唐诗上的损失上升得更多？',
          },
          choices: [
            { en: 'LoRA r = 8', zh: 'LoRA r = 8' },
            { en: 'Full fine-tuning', zh: '全量微调' },
            { en: 'Neither changes', zh: '都没变化' },
          ],
        },
      },
      {
        lab: 'lora',
        params: { mode: 'one', rank: 8, full: true, steps: 100, lr: 0.005, batch: 8, prompt: '春风', len: 60 },
        look: {
          en: 'After training, press “Write with each” under “Writing, before and after”: the base, LoRA and the full fine-tune continue 春风. Look for regular five- or seven-character lines (Tang) against the ci’s long and short lines.',
          zh: '训练完后，在“适配前后的写作”里点“用每个模型写”：基座、LoRA 和全量微调分别续写“春风”。看看哪些还是整齐的五言、七言（唐诗），哪些变成了宋词的长短句。',
        },
      },
      {
        lab: 'lora',
        params: { mode: 'sweep', steps: 50, lr: 0.005, batch: 8 },
        look: {
          en: 'Press Train and compare the old-style (Tang) chart across ranks 1 to 16 and full fine-tuning: does forgetting follow the rank?',
          zh: '点“训练”，比较秩 1 到 16 和全量微调在旧风格（唐诗）图上的表现：遗忘程度是否随秩变化？',
        },
      },
    ],
  },
  {
    id: 'int8-ptq-vs-qat-round',
    group: 'llm',
    title: {
      en: 'int8 quantization: PTQ vs QAT. What is the derivative of round(), and how does QAT train through it?',
      zh: 'int8 量化：训练后量化和量化感知训练有什么区别？round() 的导数是什么，QAT 怎样穿过它训练？',
    },
    answer: {
      en: 'Symmetric int8 maps a weight to q = clamp(round(w/s), −127, 127) with s = max|w| / 127 and reconstructs ŵ = s·q, so each value’s rounding error is at most s/2. Post-training quantization (PTQ) does this to a finished model, computing weight scales directly and calibrating activation ranges on a few hundred samples, with no gradient steps: it is fast and usually near-lossless at int8, but can hurt at int4 or with coarse scales, because the weights never learned to tolerate rounding. Quantization-aware training (QAT) fine-tunes with fake quantization in the forward pass (each weight quantized then dequantized), so the loss being minimised is the rounded model’s. round() is a staircase: its derivative is 0 almost everywhere and undefined at the jumps, so exact backpropagation gives every weight a zero gradient. QAT uses the straight-through estimator: the forward pass uses round(), the backward pass treats it as the identity inside the clipping range and 0 outside, in code x + stop_gradient(q(x) − x), so the f32 shadow weights keep accumulating small updates until they cross a rounding boundary.',
      zh: '对称 int8 量化把权重映射为 q = clamp(round(w/s), −127, 127)，其中 s = max|w| / 127，再用 ŵ = s·q 还原，所以每个值的舍入误差最多 s/2。训练后量化（PTQ）直接对训练好的模型这样做：权重的缩放因子直接算出，激活的范围用几百个样本校准，不做任何梯度更新；它很快，int8 下通常几乎无损，但在 int4 或缩放粒度较粗时可能明显掉点，因为权重从没学过如何容忍舍入。量化感知训练（QAT）在前向传播中加入伪量化（每个权重先量化再反量化）继续微调，于是被最小化的正是量化后模型的损失。round() 是阶梯函数：导数几乎处处为 0，在跳变点上没有定义，严格反向传播会让每个权重的梯度都是零。QAT 用直通估计器（STE）：前向用 round()，反向在截断范围内把它当作恒等映射、范围外梯度为 0，写成代码就是 x + stop_gradient(q(x) − x)；这样 f32 的影子权重能不断累积小的更新，直到跨过某个舍入边界。',
    },
    steps: [
      {
        lab: 'precision',
        params: { sbits: 3 },
        look: {
          en: 'In “round() and the straight-through estimator”, compare the forward staircase with the two backward curves: the gradient autodiff gets through round() and the one the straight-through estimator passes.',
          zh: '在“round() 与直通估计器”里，对比前向的阶梯函数和反向的两条曲线：穿过 round() 的自动微分得到的梯度，以及直通估计器传回的梯度。',
        },
      },
      {
        lab: 'precision',
        params: { model: 'builtGpt', qgran: 'tensor', qsteps: 50, qbatch: 8 },
        look: {
          en: 'In “PTQ against QAT”, press Train: from the same trained GPT, an f32 run is quantized after each round (PTQ, dashed) while two runs train with int8 and int4 fake quantization (QAT). Compare the held-out bits per character at the start and after 50 steps.',
          zh: '在“PTQ 对比 QAT”里点“训练”：从同一个训练好的 GPT 出发，一路用 f32 继续训练并在每轮之后量化（PTQ，虚线），另外两路用 int8 和 int4 伪量化训练（QAT）。比较开始时和 50 步之后的留出集每字符比特数。',
        },
        predict: {
          ask: {
            en: 'With one scale per tensor at int4, which ends lower after 50 steps?',
            zh: 'int4、整个张量一个缩放因子时，50 步之后谁更低？',
          },
          choices: [
            { en: 'PTQ int4', zh: 'PTQ int4' },
            { en: 'QAT int4', zh: 'QAT int4' },
            { en: 'They end the same', zh: '两者一样' },
          ],
        },
      },
    ],
  },
  {
    id: 'quant-granularity-groupwise-int4',
    group: 'llm',
    title: {
      en: 'Per-tensor vs per-channel quantization scales, and why int4 needs group-wise scales.',
      zh: '逐张量和逐通道的量化缩放因子有什么区别？为什么 int4 需要分组量化？',
    },
    answer: {
      en: 'With one scale per tensor, the largest |w| anywhere sets the step for every weight: if most output channels lie within ±0.1 but one reaches 5.0, the int8 step is 5/127 ≈ 0.039 and the ordinary channels use only a handful of the 255 levels. Per-channel (per output row) scales let each channel use the whole −127…127 range for one extra float per row, and they cost nothing at run time, because output j’s scale factors out of y_j = s_j·Σ_i x_i·q_ij; this is the default for weights. At int4 there are only 16 levels, so one outlier among a row’s 4,096 weights still coarsens all the others; group-wise quantization gives every 32, 64 or 128 consecutive weights along the input dimension their own scale (GPTQ, AWQ, llama.cpp’s Q4 formats), costing 4 + 16/g bits per weight with fp16 scales: 4.5 bits at g = 32, as in Q4_0’s 18 bytes per 32 weights. Activations are harder: their outliers sit in a few fixed hidden dimensions whose per-input-channel scales cannot be factored out of the matmul, so W8A8 methods such as SmoothQuant move that scale into the weights, and LLM.int8() keeps the outlier dimensions in fp16.',
      zh: '逐张量量化整个张量只有一个缩放因子，矩阵里任何位置的最大 |w| 都决定了所有权重的步长：如果大多数输出通道都在 ±0.1 以内，只有一个达到 5.0，int8 的步长就是 5/127 ≈ 0.039，普通通道只能用上 255 个级别里的寥寥几个。逐通道（每个输出行）量化让每个通道都能用满 −127…127，代价只是每行多一个浮点数，而且运行时没有开销，因为输出 j 的缩放因子可以从 y_j = s_j·Σ_i x_i·q_ij 中提出来；这是权重量化的默认做法。int4 只有 16 个级别，一行 4096 个权重里只要有一个离群值，其余权重的精度就都变粗；分组量化让沿输入维度每连续 32、64 或 128 个权重拥有各自的缩放因子（GPTQ、AWQ、llama.cpp 的 Q4 格式），使用 fp16 缩放因子时每个权重占 4 + 16/g 位，g = 32 时为 4.5 位，正如 Q4_0 用 18 字节存 32 个权重。激活更难处理：它的离群值集中在少数固定的隐藏维度上，而按输入通道的缩放因子无法从矩阵乘法中提出来，所以 SmoothQuant 之类的 W8A8 方法把这部分缩放转移到权重上，LLM.int8() 则把离群维度留在 fp16 中计算。',
    },
    steps: [
      {
        lab: 'precision',
        params: { model: 'builtGpt', m: 'blocks.0.mlp.input.weight', bits: '8', gran: 'tensor' },
        look: {
          en: 'Read the histogram with the int8 grid over it, each output channel’s largest |w| (outliers in red), each channel’s rounding error and the RMS error in the summary. Then switch “One scale per” to “output channel”.',
          zh: '看叠着 int8 网格的直方图、每个输出通道的最大 |w|（离群通道标红）、每个通道的舍入误差，以及摘要里的 RMS 误差。然后把“一个缩放因子对应”切换成“每个输出通道”。',
        },
        predict: {
          ask: {
            en: 'Switching from one scale per tensor to one per output channel, what happens to the RMS rounding error?',
            zh: '从整个张量一个缩放因子换成每个输出通道一个，RMS 舍入误差会怎样？',
          },
          choices: [
            { en: 'It falls', zh: '下降' },
            { en: 'It stays the same', zh: '不变' },
            { en: 'It rises', zh: '上升' },
          ],
        },
      },
      {
        lab: 'precision',
        params: { model: 'builtGpt', m: 'blocks.0.mlp.input.weight', bits: '4', gran: 'group32' },
        look: {
          en: 'int4 with one scale per group of 32. Press “Quantize the whole model” to fill the table for every scheme (int8 and int4; per tensor, channel and group) and compare size against held-out bits per character.',
          zh: '这里是 int4，每 32 个值一组一个缩放因子。点“量化整个模型”，把每种方案（int8 和 int4；整个张量、每个通道、分组）的结果填进表格，比较模型大小和留出集每字符比特数。',
        },
        predict: {
          ask: {
            en: 'For the whole model at int4, which scheme loses the most bits per character?',
            zh: '整个模型量化到 int4 时，哪种方案的每字符比特数损失最大？',
          },
          choices: [
            { en: 'One scale per tensor', zh: '整个张量一个缩放因子' },
            { en: 'One scale per output channel', zh: '每个输出通道一个' },
            { en: 'One scale per group of 32', zh: '每 32 个值一组一个' },
          ],
        },
      },
      {
        lab: 'precision',
        params: { model: 'builtGpt', site: 3 },
        look: {
          en: 'Under “Activations in int8 too (W8A8)”, press “Calibrate and measure”: compare the min/max range with the 99.99% and 99.9% percentiles in the table and on the activation’s histogram.',
          zh: '在“激活也用 int8（W8A8）”里点“校准并测量”：在表格和激活直方图上，比较取最大值的范围与 99.99%、99.9% 分位数范围的结果。',
        },
      },
    ],
  },
  {
    id: 'mixed-precision-loss-scaling',
    group: 'llm',
    title: {
      en: 'Mixed-precision training: fp16 vs bf16, and why fp16 needs loss scaling.',
      zh: '混合精度训练：fp16 和 bf16 有什么区别？为什么 fp16 需要损失缩放？',
    },
    answer: {
      en: 'Mixed precision runs the matrix products in 16-bit floats (half the memory traffic, and tensor cores) while keeping an fp32 master copy of the weights to which the unscaled updates are applied, because lr·g is often smaller than fp16’s spacing near the weight (2⁻¹⁰ ≈ 0.001 at 1.0) and would round away. fp16 has 5 exponent and 10 mantissa bits: its largest value is 65,504, its smallest normal 6.1e-5 and its subnormals reach 6e-8, so small gradients underflow to zero and large values overflow to infinity. Loss scaling multiplies the loss by S, a power of two, so that every gradient is multiplied by S and lifted into range (a gradient of 1e-8 becomes 8.2e-5 at S = 8,192), then divides by S in fp32 before the update; a dynamic scaler halves S and skips the step whenever a gradient is inf or NaN, and doubles it after N good steps (2,000 is common). bf16 keeps fp32’s 8 exponent bits (the same range, up to about 3.4e38) with only 7 mantissa bits (spacing 2⁻⁷ ≈ 0.0078 at 1.0), so it needs no loss scaling and rarely overflows, at the cost of precision, which is why it became the default where the hardware supports it (A100, H100, TPUs). fp16 remains common for inference and on GPUs without bf16.',
      zh: '混合精度训练用 16 位浮点数做矩阵乘法（内存读写减半，还能用上张量核心），同时保留一份 fp32 主权重，去掉缩放的更新加在它上面，因为 lr·g 常常小于 fp16 在该权重附近的间距（1.0 处为 2⁻¹⁰ ≈ 0.001），直接加到 fp16 上会被舍入掉。fp16 有 5 个指数位和 10 个尾数位：最大值 65504，最小正规数 6.1e-5，次正规数可到 6e-8，所以很小的梯度会下溢为零，很大的值会上溢成无穷大。损失缩放把损失乘以 2 的幂 S，每个梯度也随之乘以 S、被抬进可表示范围（S = 8192 时，1e-8 的梯度变成 8.2e-5），更新前再在 fp32 中除以 S；动态损失缩放在出现 inf 或 NaN 梯度时把 S 减半并跳过这一步，连续 N 步（常用 2000）正常后再把 S 翻倍。bf16 保留 fp32 的 8 个指数位（范围相同，最大约 3.4e38），尾数只有 7 位（1.0 处间距 2⁻⁷ ≈ 0.0078），所以不需要损失缩放、也很少上溢，代价是精度；这正是它在支持它的硬件（A100、H100、TPU）上成为默认选择的原因。fp16 仍常用于推理，以及不支持 bf16 的 GPU。',
    },
    steps: [
      {
        lab: 'precision',
        params: { vals: '65504, 70000, 1.001, 0.0001, 1e-8' },
        look: {
          en: 'In “fp32, fp16 and bf16”, read each format’s largest value, smallest normal and spacing at 1, then your values rounded to each format.',
          zh: '在“fp32、fp16 与 bf16”里，看每种格式的最大值、最小正规数和 1 附近的间距，再看你输入的数被舍入到各格式后的结果。',
        },
        predict: {
          ask: {
            en: 'Which format keeps 70000 finite and 1e-8 above zero?',
            zh: '哪种格式能让 70000 保持有限、1e-8 不变成零？',
          },
          choices: [
            { en: 'fp16', zh: 'fp16' },
            { en: 'bf16', zh: 'bf16' },
            { en: 'Both', zh: '两者都能' },
            { en: 'Neither', zh: '都不能' },
          ],
        },
      },
      {
        lab: 'precision',
        params: { mxsteps: 100, mxbatch: 16, scale: 1024, dyn: 65536, grow: 100 },
        look: {
          en: 'In “Mixed precision and loss scaling”, press Train: a fresh GPT trains five ways on the same batches. Compare the loss curves, the table’s “Gradients rounded to 0” and “Steps with inf/NaN”, and the gradient histogram against fp16’s limits.',
          zh: '在“混合精度与损失缩放”里点“训练”：一个新的 GPT 在同样的批次上用五种方式训练。比较损失曲线、表格中的“被取整为 0 的梯度”和“出现 inf/NaN 的步数”，以及梯度直方图与 fp16 极限的相对位置。',
        },
        predict: {
          ask: {
            en: 'Which run loses the most gradients to zero?',
            zh: '哪一路被取整为 0 的梯度最多？',
          },
          choices: [
            { en: 'fp32', zh: 'fp32' },
            { en: 'fp16 without loss scaling', zh: '不做损失缩放的 fp16' },
            { en: 'fp16 with a dynamic scale', zh: '动态损失缩放的 fp16' },
            { en: 'bf16', zh: 'bf16' },
          ],
        },
      },
      {
        lab: 'precision',
        params: { mxsteps: 100, mxbatch: 16, scale: 65536, dyn: 16777216, grow: 20 },
        look: {
          en: 'A static scale of 65,536 and a dynamic one starting at 16,777,216: press Train and read “Steps with inf/NaN”, “Steps skipped” and “Loss scale now” for each fp16 run.',
          zh: '静态缩放因子设为 65536，动态缩放从 16777216 开始：点“训练”，读出每一路 fp16 的“出现 inf/NaN 的步数”“跳过的步数”和“当前损失缩放因子”。',
        },
      },
    ],
  },
  {
    id: 'autoencoder-vs-vae',
    group: 'llm',
    title: {
      en: 'Autoencoder vs variational autoencoder: what does the VAE add, and what is the reparameterisation trick?',
      zh: '自编码器和变分自编码器（VAE）有什么区别？VAE 多了什么？什么是重参数化技巧？',
    },
    answer: {
      en: 'An autoencoder compresses x through an encoder into a code z and reconstructs it with a decoder, trained on reconstruction loss alone; nothing shapes its latent space, so decoding a random z usually gives garbage, and it serves compression, denoising and feature learning rather than generation. A VAE’s encoder outputs a distribution q(z|x) = N(μ, σ²), and training maximises the ELBO: the reconstruction log-likelihood minus KL(q(z|x) ‖ N(0, I)), which pulls the codes towards a standard normal prior so that sampling z ~ N(0, I) and decoding it gives plausible new data. Sampling is not differentiable, so the reparameterisation trick writes z = μ + σ ⊙ ε with ε ~ N(0, I): the randomness moves into ε and gradients flow to μ and σ. The KL term has the closed form ½·Σ(μ² + σ² − log σ² − 1); weighting it by β trades sharp reconstructions against a smoother, more disentangled latent space (β-VAE), and VAE samples tend to be blurrier than those of GANs or diffusion models. Latent diffusion (Stable Diffusion) uses a VAE as the compressor whose latent space the diffusion runs in.',
      zh: '自编码器用编码器把 x 压缩成编码 z，再用解码器重建，只用重建损失训练；没有任何东西约束它的潜空间，随便取一个 z 去解码通常得到的是垃圾，所以它多用于压缩、去噪和特征学习，而不是生成。VAE 的编码器输出一个分布 q(z|x) = N(μ, σ²)，训练时最大化 ELBO：重建对数似然减去 KL(q(z|x) ‖ N(0, I))，KL 项把编码拉向标准正态先验，于是从 N(0, I) 采样 z 再解码就能得到合理的新样本。采样操作不可导，重参数化技巧把它写成 z = μ + σ ⊙ ε，ε ~ N(0, I)：随机性转移到 ε 上，梯度就能传到 μ 和 σ。KL 项有闭式解 ½·Σ(μ² + σ² − log σ² − 1)；给它乘上权重 β，可以在重建的清晰度与更平滑、更解耦的潜空间之间权衡（β-VAE），VAE 生成的样本往往比 GAN 或扩散模型的更模糊。潜在扩散模型（Stable Diffusion）就用 VAE 做压缩器，扩散过程在它的潜空间里进行。',
    },
    steps: [
      {
        lab: 'representations',
        params: { ae: 'plain', z: 2, hid: 256, corpus: 'text' },
        look: {
          en: 'In the autoencoder panel, press Train for about 20 seconds, then Pause and press “Decode a 15 × 15 grid”: the clusters of codes decode to digits, and the empty space between them to smudges.',
          zh: '在自编码器面板里点“训练”约 20 秒，然后暂停，再点“在平面上解码 15 × 15 的网格”：编码簇处解码出数字，簇之间的空白处只解码出模糊的一团。',
        },
      },
      {
        lab: 'representations',
        params: { ae: 'variational', z: 2, hid: 256, beta: 1, corpus: 'text' },
        look: {
          en: 'Train the VAE the same way and compare its plane and its grid with the plain autoencoder’s: the KL term pulls every digit’s code toward a standard normal.',
          zh: '用同样的方式训练 VAE，把它的平面和网格与普通自编码器的比较：KL 项把每个数字的编码拉向标准正态分布。',
        },
        predict: {
          ask: {
            en: 'After 300 steps, how far from the origin will the VAE’s test codes lie, as a root-mean-square distance?',
            zh: '训练 300 步后，VAE 的测试编码离原点有多远（均方根距离）？',
          },
          choices: [
            { en: 'About 1: packed around the origin', zh: '大约 1：紧挤在原点周围' },
            { en: 'About 10', zh: '大约 10' },
            { en: 'About 100 or more: spread anywhere', zh: '大约 100 或更远：随处散开' },
          ],
        },
      },
      {
        lab: 'representations',
        params: { ae: 'variational', z: 2, hid: 256, beta: 0, corpus: 'text' },
        look: {
          en: 'Now β = 0: the same VAE with the KL term switched off. Train it and read the KL value the panel still measures on the test digits, and how the plane looks.',
          zh: '现在 β = 0：同一个 VAE，但关掉了 KL 项。训练它，读面板在测试数字上仍然测量的 KL 值，并看平面的样子。',
        },
        predict: {
          ask: {
            en: 'With nothing holding the codes near a standard normal, how large will the KL term be after 300 steps?',
            zh: '没有任何东西把编码拉向标准正态分布时，训练 300 步后 KL 项会有多大？',
          },
          choices: [
            { en: 'Under 1 nat', zh: '小于 1 奈特' },
            { en: '1 to 10 nats', zh: '1 到 10 奈特' },
            { en: 'Over 10 nats', zh: '大于 10 奈特' },
          ],
        },
      },
      {
        lab: 'representations',
        params: { hid: 128, aebatch: 128, aelr: 0.003, bsteps: 200, corpus: 'text' },
        look: {
          en: 'In “β = 0, 1 and 4 side by side”, press “Train the three”: the same VAE three times, only β differs. Compare the pixel error column with the KL column, and the three planes drawn on one scale.',
          zh: '在“β = 0、1、4 并排比较”里点“训练这三个模型”：同一个 VAE 训练三次，只有 β 不同。对比像素误差一列和 KL 一列，以及画在同一比例尺上的三个平面。',
        },
        predict: {
          ask: {
            en: 'After 200 steps each, how will the KL term at β = 4 compare with β = 0’s?',
            zh: '各训练 200 步后，β = 4 的 KL 项和 β = 0 的相比如何？',
          },
          choices: [
            { en: 'About the same (within a factor of 2)', zh: '差不多（相差不到 2 倍）' },
            { en: '2 to 5 times smaller', zh: '小 2 到 5 倍' },
            { en: 'More than 5 times smaller', zh: '小 5 倍以上' },
          ],
        },
      },
    ],
  },
];
