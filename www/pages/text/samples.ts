// Example texts and BPE training corpora, written for Kindling.

export const SAMPLES = {
  en: 'Tokenizers cut text into pieces. Unbelievably, the same sentence costs a different number of tokens in each vocabulary.',
  zh: '深度学习的注意力机制让模型学会关注重要的词。小明硕士毕业于中国科学院计算所。',
  code: 'def softmax(x):\n    e = np.exp(x - x.max())\n    return e / e.sum()',
  emoji: 'Emoji 😀👍🏽 and a family 👨‍👩‍👧, naïve café (cafe\u0301), مرحبا بالعالم, שלום',
} as const;

/** The name in the Chinese sample: jieba's dictionary may lack it, and only its HMM guesses unknown words. */
export const ZH_NAME = '小明';

export const CORPORA = {
  en: `A neural network learns by adjusting its weights to lower a loss. The loss measures how far the network's
predictions are from the answers. Gradients tell each weight which way to move, and the learning rate tells it how
far. Training repeats this again and again: predict, measure, compute the gradients, update the weights. When the
network is deep, the gradients must travel through many layers, and they can shrink until the first layers stop
learning, or grow until the weights explode. Residual connections, normalisation and careful initialisation keep the
gradients healthy. Attention lets every token look at every other token and decide which ones matter. The tokens are
the pieces a tokenizer cuts from the text, and the tokenizer was itself learned from text: the pieces that occur
together most often were merged first, so the common words became single tokens and the rare words are spelled out
from smaller pieces.`,
  zh: `神经网络通过调整权重来降低损失。损失衡量网络的预测与正确答案相差多远。梯度告诉每个权重应该往哪个方向移动，
学习率告诉它移动多远。训练就是一遍又一遍地重复：预测，衡量，计算梯度，更新权重。网络很深的时候，梯度要穿过很多层，
它可能越来越小，直到前面的层停止学习；也可能越来越大，直到权重爆炸。残差连接、归一化和仔细的初始化让梯度保持健康。
注意力让每个词都能看到其他所有的词，并决定哪些词更重要。这些词是分词器从文本中切出的片段，而分词器本身也是从文本中学来的：
最常一起出现的片段最先被合并，所以常见的词变成了一个词元，罕见的词则由更小的片段拼成。`,
} as const;
