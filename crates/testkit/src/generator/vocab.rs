//! The words generated catalogues are made of.

pub(super) const SUFFIX: &[&str] = &[
    "LM",
    "-RAG",
    "GPT",
    "Former",
    "Agent",
    "-VL",
    "Net",
    "-Instruct",
];
pub(super) const ADJ: &[&str] = &[
    "Efficient",
    "Scalable",
    "Robust",
    "Self-Supervised",
    "Progressive",
    "Faithful",
    "Lightweight",
    "Unified",
    "Adaptive",
    "Interpretable",
    "Multilingual",
    "Contrastive",
];
pub(super) const NOUN: &[&str] = &[
    "Instruction Tuning",
    "Retrieval-Augmented Generation",
    "Chain-of-Thought Prompting",
    "Low-Rank Adaptation",
    "Preference Optimization",
    "Knowledge Distillation",
    "Tool Learning",
    "Visual Grounding",
    "Speculative Decoding",
    "Reward Modeling",
];
pub(super) const TASK: &[&str] = &[
    "Open-Domain Question Answering",
    "Long-Context Reasoning",
    "Table Understanding",
    "Medical Dialogue",
    "Code Generation",
    "Multimodal Retrieval",
    "Knowledge Graph Completion",
    "Legal Judgment Prediction",
    "Role-Play Agents",
    "Query Rewriting",
];
pub(super) const CN_HEAD: &[&str] = &[
    "高效的检索增强生成",
    "面向长文本的推理",
    "多模态指令微调",
    "参数高效微调新方法",
    "大模型幻觉缓解",
    "表格理解与问答",
    "智能体工具调用",
    "思维链提示改进",
    "知识图谱增强问答",
    "推理加速方案",
];
pub(super) const INST: &[&str] = &[
    "清华大学",
    "北京大学",
    "微软研究院",
    "Google DeepMind",
    "Meta AI",
    "阿里巴巴达摩院",
    "上海人工智能实验室",
    "斯坦福大学",
    "复旦大学和字节跳动",
    "卡内基梅隆大学",
    "",
];
pub(super) const FIRST: &[&str] = &[
    "Wei", "Jing", "Hao", "Alice", "Tom", "Yuchen", "Maria", "Kenji", "Li", "Priya", "Omar", "Xin",
];
pub(super) const LAST: &[&str] = &[
    "Zhang", "Wang", "Chen", "Smith", "Garcia", "Tanaka", "Liu", "Sharma", "Hassan", "Zhao",
    "Müller", "Kim",
];
pub(super) const VENUE: &[&str] = &[
    "ACL", "EMNLP", "NAACL", "NeurIPS", "ICLR", "ICML", "CIKM", "SIGIR", "KDD", "AAAI", "COLING",
];
pub(super) const DOMAIN: &[&str] = &[
    "指令微调",
    "多模态",
    "检索增强",
    "思维链",
    "智能体",
    "模型压缩",
    "知识图谱",
    "文本生成",
    "信息检索",
    "可解释性",
];
pub(super) const SUBJ: &[&str] = &["该论文", "作者", "本文", "这项工作", "研究团队"];
pub(super) const VERB: &[&str] = &[
    "提出了一种",
    "设计了一个",
    "构建了一套",
    "探索了一种",
    "改进了现有的",
];
pub(super) const OBJ: &[&str] = &[
    "基于检索增强的生成框架",
    "多阶段的指令微调方法",
    "轻量级的参数高效适配器",
    "面向长文本的注意力机制",
    "可解释的思维链推理策略",
    "多模态对齐模块",
    "知识图谱与大模型融合的方案",
    "低成本的数据合成流程",
    "自我反思的智能体架构",
    "面向表格的结构化理解方法",
];
pub(super) const GOAL: &[&str] = &[
    "，用于缓解大模型的幻觉问题",
    "，以降低推理时的显存开销",
    "，从而提升小样本场景下的问答效果",
    "，使模型能够处理更长的上下文",
    "，并在多个公开基准上取得了领先结果",
    "，显著减少了人工标注的成本",
];
pub(super) const STEP: &[&str] = &[
    "第一阶段：**预训练阶段**，只训练线性映射层，学习图像空间到词向量空间的映射；",
    "第二阶段：**微调阶段**，冻结视觉编码器的参数，训练映射层和语言模型；",
    "使用 `LoRA` 对注意力中的 Q、V 矩阵进行低秩分解；",
    "先用检索器召回 top-k 文档，再由生成器融合证据作答；",
    "引入自我反思 token，让模型判断是否需要检索；",
    "构造正负样例对，用对比学习训练排序模型；",
    "将长文本切分为块，并对每块生成摘要后再聚合；",
    "在 7B 和 13B 两个规模上分别验证，平均提升约 3.2%；",
];
pub(super) const MOTIVE: &[&str] = &[
    "现有方法在垂直领域效果有限，如何在缺少标注数据时适配新领域？",
    "大语言模型容易产生幻觉，如何让回答有据可查？",
    "全参数微调代价高昂，能否只训练很少的参数？",
    "长上下文带来显存和时延的双重压力，如何兼顾效果与效率？",
    "多模态模型对图中文字理解较弱，如何补足这一能力？",
];
pub(super) const SECTION: &[&str] = &[
    "多模态篇",
    "PEFT 系列篇",
    "GPT 系列篇",
    "RAG 系列篇",
    "Prompt 系列篇",
    "LMMs 可解释性篇",
    "LLMs4KG 篇",
    "LLMs Agents 篇",
    "Attention 篇",
    "搜索 篇",
    "CoT 篇",
    "微调数据工程 篇",
    "高效大模型推理 篇",
    "大模型评估篇",
];
pub(super) const SUBSECTION: &[&str] = &[
    "RAG Trick篇",
    "RAG应用领域篇",
    "医疗领域QA问答",
    "法律领域QA问答",
    "角色扮演(Role-Play)",
    "如何 通过 大模型 改写 “query-doc”？",
    "Table 解析篇",
];
