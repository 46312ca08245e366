"""Message and advice texts for every gap code, in English and Chinese (docs/methodology.md wording, our own words)."""

ROLE_CHECK_EN = (
    "Roles piled on one person make the map look covered when it is not. Verify each role separately: "
    "who started the project, who assesses the solution technically, who heads the department that will "
    "use it, who tells us what happens inside; put each on the map and engage them."
)
ROLE_CHECK_ZH = (
    "角色都压在一个人身上，会让权力地图看起来覆盖完整，其实并没有。请逐一核实每个角色："
    "谁发起了项目、谁负责技术评估、谁领导将来使用产品的部门、谁向我们提供内部信息；把他们分别补进地图并建立关系。"
)
POWER_SHIFT_EN = (
    "Power structures change with reorganisations and new appointments; a newcomer can reshape who "
    "decides. Meet them soon: learn their priorities, what they inherited from their predecessor and "
    "whom they listen to; record their influence and stance on the map, and brief our allies around them."
)
POWER_SHIFT_ZH = (
    "组织调整和人事任命会改变权力结构，新到任的人可能改变由谁拍板。请尽快拜访：了解其工作重点、"
    "从前任那里接手了什么、听取谁的意见；在权力地图上记录其影响力和态度，并与其身边的盟友沟通。"
)


TEXTS: dict[str, dict[str, dict[str, str]]] = {
    "missing-role": {
        "en": {
            "message": "Nobody on the map holds the {role} role.",
            "advice": (
                "A deal can be lost through any buying influence left uncovered, so find out who plays "
                "this part: ask the contacts you already have, and watch who speaks up in meetings. "
                "Add that person to the map and plan how to win them."
            ),
        },
        "zh": {
            "message": "权力地图上还没有人担任{role}这一角色。",
            "advice": (
                "任何一个采购影响者没有覆盖到，都可能让项目功亏一篑，要做到“一网打尽”。"
                "请通过现有联系人打听、在会议中观察，尽快找出承担这一角色的人，补进地图并制定接触计划。"
            ),
        },
    },
    "uncovered-role.one": {
        "en": {
            "message": "The {role} role is held by {people}, who is not engaged yet.",
            "advice": (
                "Knowing who holds the role is only the first step; open a business relationship with "
                "them through the normal path, starting from what their organisation needs, then "
                "deepen it towards their personal needs."
            ),
        },
        "zh": {
            "message": "{role}{people}还没有与我们建立关系。",
            "advice": (
                "知道谁担任这个角色只是第一步。请通过正常的业务渠道与其建立业务关系，"
                "先从满足企业需求层次入手，再逐步深入到个人需求层次。"
            ),
        },
    },
    "uncovered-role": {
        "en": {
            "message": "The {role} role is held by {people}, but none of them is engaged yet.",
            "advice": (
                "Knowing who holds the role is only the first step; open a business relationship with "
                "at least one of them through the normal path, starting from what their organisation "
                "needs, then deepen it towards their personal needs."
            ),
        },
        "zh": {
            "message": "{role}由{people}担任，但我们与其中任何一人都还没有建立关系。",
            "advice": (
                "知道谁担任这个角色只是第一步。请通过正常的业务渠道至少与其中一人建立业务关系，"
                "先从满足企业需求层次入手，再逐步深入到个人需求层次。"
            ),
        },
    },
    "decision-maker-unreached.early": {
        "en": {
            "message": "No decision maker is engaged yet: {people}.",
            "advice": (
                "At stage {stage} there is still time: reach the top by the normal road, by stage "
                "{due_stage} (requirements and formal proposal) at the latest. Win the handler and the "
                "mid-level first and ask them to arrange the meeting; going around them now costs more "
                "than waiting. When you meet, be brief and structured and centre on their business problems."
            ),
        },
        "zh": {
            "message": "还没有与核心决策者建立关系：{people}。",
            "advice": (
                "项目处于第{stage}阶段，时间还来得及：请走正常路径接触高层，最迟在第{due_stage}阶段"
                "（需求分析与正式方案设计）之前。先争取经手人和中层，再请他们引荐；现在绕开他们，"
                "代价比等待更大。见面时要简明扼要、条理清晰，围绕对方的业务问题展开。"
            ),
        },
    },
    "decision-maker-unreached.due": {
        "en": {
            "message": "At stage {stage}, no decision maker is engaged yet: {people}.",
            "advice": (
                "A senior leader should be reached by stage {due_stage}; a deal that never reaches the "
                "person who signs is very dangerous. Ask your handler and mid-level allies to arrange "
                "the meeting now; be brief and structured, centre on their business problems, and back "
                "it with success cases to build trust."
            ),
        },
        "zh": {
            "message": "项目已到第{stage}阶段，仍未与核心决策者建立关系：{people}。",
            "advice": (
                "最迟在第{due_stage}阶段就应接触到高层；始终接触不到拍板的人，是非常危险的。"
                "请立即请经手人和已结盟的中层引荐，见面时做到简明扼要、条理清晰，围绕对方的业务问题展开，"
                "并用成功案例建立信任。"
            ),
        },
    },
    "decision-maker-unreached.unknown": {
        "en": {
            "message": "No decision maker is engaged yet: {people}.",
            "advice": (
                "The person who signs must be reached by stage {due_stage} (requirements and formal "
                "proposal) at the latest, through the handler and your mid-level allies. Give the "
                "account's stage so the timing can be judged."
            ),
        },
        "zh": {
            "message": "还没有与核心决策者建立关系：{people}。",
            "advice": (
                "最迟在第{due_stage}阶段（需求分析与正式方案设计）必须通过经手人和中层盟友接触到拍板的人。"
                "请填写项目所处阶段，以便判断时机。"
            ),
        },
    },
    "weak-initiator": {
        "en": {
            "message": "No initiator has the rank or influence to carry the deal: {people}.",
            "advice": (
                "However enthusiastic, a low-ranked or low-influence initiator makes the deal very hard "
                "to push. Look for a higher-ranked, more influential person who believes in us, and "
                "arm them with product material and success cases so they can promote us internally."
            ),
        },
        "zh": {
            "message": "首倡者{people}职位或影响力偏低，难以推动项目。",
            "advice": (
                "首倡者即使再热情，职位低、影响力小，项目也很难推进。"
                "请寻找职位更高、影响力更大、认可我们的首倡者，并为其提供产品资料和成功案例，"
                "让他能在内部替我们宣传推荐。"
            ),
        },
    },
    "few-mid-level-allies": {
        "en": {
            "message": "Only {count} engaged mid-level {supporters}, below the minimum of {minimum}.",
            "advice": (
                "Ally with more mid-level managers, including those who seem unrelated to the decision: "
                "over a long sales cycle reorganisations happen, and today's bystander can be "
                "tomorrow's key person. Executives listen to their mid-level's report, so these allies "
                "carry our case upward."
            ),
        },
        "zh": {
            "message": "已建立关系且支持我们的中层只有{count}位，低于最少{minimum}位的要求。",
            "advice": (
                "要结盟更多的中层，不要轻视那些看似与决策无关的中层：销售周期长，组织随时可能调整，"
                "今天无关的人明天可能就是关键人物。高层往往听取中层的汇报，中层盟友能替我们向上传递声音。"
            ),
        },
    },
    "few-mid-level-allies.none": {
        "en": {
            "message": "No engaged mid-level supporter yet (minimum {minimum}).",
            "advice": (
                "Ally with mid-level managers, including those who seem unrelated to the decision: "
                "over a long sales cycle reorganisations happen, and today's bystander can be "
                "tomorrow's key person. Executives listen to their mid-level's report, so these allies "
                "carry our case upward."
            ),
        },
        "zh": {
            "message": "还没有已建立关系且支持我们的中层（最少需要{minimum}位）。",
            "advice": (
                "要结盟中层，不要轻视那些看似与决策无关的中层：销售周期长，组织随时可能调整，"
                "今天无关的人明天可能就是关键人物。高层往往听取中层的汇报，中层盟友能替我们向上传递声音。"
            ),
        },
    },
    "few-mid-level-allies.candidates": {
        "en": {
            "message": "Closest candidates: {people}.",
            "advice": "Start with these people; they are the quickest mid-level allies to win.",
        },
        "zh": {
            "message": "最有希望争取的人选：{people}。",
            "advice": "可以优先从这些人入手，他们是最容易争取的中层盟友。",
        },
    },
    "bypassed-gatekeeper": {
        "en": {
            "message": "We engage {executive}, but their gatekeeper {gatekeeper} is {state}.",
            "advice": (
                "The assistant or secretary next to a leader controls what reaches them: cheap to win "
                "over, costly to ignore. Win {gatekeeper} before the next meeting with {executive}: "
                "introduce yourself, say what your visits are for and keep them informed. With "
                "{executive}, keep enough professional distance within the closeness."
            ),
        },
        "zh": {
            "message": "我们已接触{executive}，但其身边的守门人{gatekeeper}{state}。",
            "advice": (
                "高层身边的助理、秘书掌握着信息渠道：争取他成本很低，忽视他代价很高。"
                "下次拜访{executive}之前先争取{gatekeeper}：主动介绍自己、说明来意，并让其了解进展。"
                "与{executive}交往，要做到“亲密之中有足够的专业距离”。"
            ),
        },
    },
    "bypassed-mid-level": {
        "en": {
            "message": "We engage {executive} and people below them, but {manager}, the manager in between, is {state}.",
            "advice": (
                "Going around a mid-level manager to reach their executive is a common way to lose a "
                "deal: in a well-run organisation the executive listens to the manager's report, not the "
                "vendor's. Bring {manager} in through the normal business path: brief them on what you "
                "discussed with their people and with {executive}, and ask for their view before the "
                "next step."
            ),
        },
        "zh": {
            "message": "我们已接触{executive}及其下属，但中间的中层{manager}{state}。",
            "advice": (
                "绕开中层去接触其高层，是很多项目丢单的原因：管理规范的企业里，高层听的是中层的汇报，"
                "而不是厂商的。请走正常的业务路径把{manager}请进来：向其通报我们与其下属和{executive}"
                "沟通的内容，并在下一步之前听取其意见。"
            ),
        },
    },
    "advisor-not-won": {
        "en": {
            "message": "We engage {executive}, but their advisor {advisor} is {state}.",
            "advice": (
                "The advisor gives {executive} 'objective' advice and weighs heavily on the decision. "
                "Treat {advisor} as you would a decision maker: meet them, centre on the business "
                "problems they care about, and watch whether their view of each vendor is fair."
            ),
        },
        "zh": {
            "message": "我们已接触{executive}，但其辅助决策者{advisor}{state}。",
            "advice": (
                "辅助决策者向{executive}提供“客观”建议，对决策影响很大。请像对待核心决策者一样对待{advisor}："
                "主动拜访，围绕其关心的业务问题沟通，并观察其对各厂商的评价是否客观公正。"
            ),
        },
    },
    "executive-too-early": {
        "en": {
            "message": "At stage {stage} we engage {executive}, while {owner}, who owns the project, and the handler {handler} are not engaged.",
            "advice": (
                "Seeing the top early does not win by itself: an executive we cannot win fast sends us "
                "back to the mid-level, and the managers we went around remember it. Build the road "
                "first: win the handler {handler} and {owner}, then return to {executive} with them, "
                "by stage {due_stage} at the latest."
            ),
        },
        "zh": {
            "message": "项目处于第{stage}阶段，我们已接触{executive}，但项目负责高层{owner}和经手人{handler}都还没有建立关系。",
            "advice": (
                "过早拜访高层本身并不能赢单：如果不能很快建立关系，高层会把我们推回中层，被绕开的中层也会记住。"
                "请先铺好路：争取经手人{handler}和{owner}，再与他们一起回到{executive}，最迟在第{due_stage}阶段。"
            ),
        },
    },
    "resistant-key-user.skeptic": {
        "en": {
            "message": "A key user is skeptical of us: {people}.",
            "advice": (
                "User departments often doubt a new system because it means change for them. Train "
                "them early so they feel the benefit first-hand, and give them usage stories from "
                "similar customers, before the doubt hardens into opposition."
            ),
        },
        "zh": {
            "message": "关键使用者{people}对我们持怀疑态度。",
            "advice": (
                "使用部门常常怀疑新系统，因为它意味着改变。请尽早安排培训，让他们亲身体验好处，"
                "并提供同类客户的使用故事，别让怀疑变成反对。"
            ),
        },
    },
    "resistant-key-user": {
        "en": {
            "message": "A key user opposes us: {people}.",
            "advice": (
                "User departments often resist a new system because it means change for them. Train "
                "them early so they feel the benefit first-hand, and give them usage stories from "
                "similar customers so they end up telling our story for us."
            ),
        },
        "zh": {
            "message": "关键使用者{people}对我们持反对态度。",
            "advice": (
                "超过一半的使用部门会抵触新采购，因为新系统意味着改变。请尽早安排培训，"
                "让他们亲身体验带来的好处，并提供同类客户的使用故事，让他们成为替我们讲故事的人。"
            ),
        },
    },
    "influential-blocker.skeptic": {
        "en": {
            "message": "An influential contact is skeptical of us: {people}.",
            "advice": (
                "Doubt from someone with this much weight can turn the decision. Find out what they "
                "doubt, which organisational needs, personal concerns or pressure points are at play, "
                "and answer them; meanwhile strengthen support among the people they listen to."
            ),
        },
        "zh": {
            "message": "有影响力的联系人{people}对我们持怀疑态度。",
            "advice": (
                "如此有分量的人心存怀疑，足以左右决策。请弄清他怀疑什么：是企业需求、个人诉求还是压力点，"
                "并逐一化解；同时加强他所信任的人对我们的支持。"
            ),
        },
    },
    "influential-blocker": {
        "en": {
            "message": "An influential contact opposes us: {people}.",
            "advice": (
                "An opponent with this much weight can sink the deal. Find out why they resist, which "
                "organisational needs, personal concerns or pressure points are at play, and answer "
                "them; meanwhile strengthen support among the people they listen to."
            ),
        },
        "zh": {
            "message": "有影响力的联系人{people}反对我们。",
            "advice": (
                "如此有分量的反对者足以让项目失败。请弄清他反对的原因：是企业需求、个人诉求还是压力点，"
                "并逐一化解；同时加强他所信任的人对我们的支持。"
            ),
        },
    },
    "single-threaded.few": {
        "en": {
            "message": "Only {count} engaged contact(s): {people}.",
            "advice": (
                "Relying on so few people is fragile. Keep widening our allies and the support base: "
                "win the small players as well as the key person, so that the deal survives if one "
                "contact moves or changes their mind."
            ),
        },
        "zh": {
            "message": "我们只与{count}位联系人建立了关系：{people}。",
            "advice": (
                "只依赖这么少的人非常脆弱。请不断扩大盟友范围和支持面，不只争取关键人物，"
                "也要争取“小人物”，这样即使某位联系人调岗或改变立场，项目也不至于失控。"
            ),
        },
    },
    "single-threaded.one-owner": {
        "en": {
            "message": "All {count} engaged contacts are held by one team member, {owner}.",
            "advice": (
                "If {owner} leaves or falls out with the customer, every relationship goes with them. "
                "Bring other team members into the account, for example engineers for technical "
                "contacts and a manager for senior ones, to widen our relationship power."
            ),
        },
        "zh": {
            "message": "已建立关系的{count}位联系人全部由我方同一人{owner}维护。",
            "advice": (
                "一旦{owner}离开或与客户关系出现问题，所有关系都会随之断掉。"
                "请让团队其他成员参与进来，例如由工程师对接技术人员、由管理者对接高层，以增强关系力。"
            ),
        },
    },
    "stale-relationship": {
        "en": {
            "message": "Key contact gone quiet: {people}, {days} days since the last contact (limit {limit}).",
            "advice": (
                "Relationships decay without contact, and power structures change over time through "
                "reorganisations and new projects. Get back in touch soon and check whether their "
                "role, influence or stance has moved, then update the map."
            ),
        },
        "zh": {
            "message": "关键联系人{people}距上次联系已{days}天（上限{limit}天）。",
            "advice": (
                "关系不维护就会变淡，而组织调整、新项目也会让权力结构随时间变化。"
                "请尽快重新联系，确认其角色、影响力和态度是否有变，并及时更新权力地图。"
            ),
        },
    },
    "late-technical-engagement": {
        "en": {
            "message": "At stage {stage}, no technical supporter is engaged yet: {people}.",
            "advice": (
                "Technical staff sway the decision maker, and the more technical the product, the more "
                "they matter. Start technical exchanges between our engineers and theirs now, and agree "
                "a joint plan and timetable of technical topics."
            ),
        },
        "zh": {
            "message": "项目已到第{stage}阶段，仍未与任何技术支持者建立关系：{people}。",
            "advice": (
                "产品技术含量越高，技术支持者越重要，对核心决策者的影响也越大。"
                "请立即安排我方工程师与客户技术人员开展技术交流，并共同商定技术交流的议题计划和时间表。"
            ),
        },
    },
    "stage-readiness": {
        "en": {
            "message": "At stage {stage}, the map does not yet show {condition}.",
            "advice": "{step} Close this gap before pushing the deal to the next stage.",
        },
        "zh": {
            "message": "项目处于第{stage}阶段，但权力地图尚未做到：{condition}。",
            "advice": "{step}补齐这一条件后，再推进到下一阶段。",
        },
    },
    "stage-readiness.people": {
        "en": {"message": "People concerned: {people}.", "advice": ""},
        "zh": {"message": "涉及：{people}。", "advice": ""},
    },
    "unknown-attributes": {
        "en": {
            "message": "Stance or influence is unknown for role holders: {people}.",
            "advice": (
                "We never see the whole picture of an account, and guesses here can mislead the whole "
                "map. Find out through interviews, observation or questionnaires, and ask your inside "
                "coach what they know."
            ),
        },
        "zh": {
            "message": "担任采购角色的{people}态度或影响力尚不清楚。",
            "advice": (
                "销售方与客户之间总存在信息不对称，靠猜测会让整张权力地图失真。"
                "请通过访谈、观察或问卷等方式了解清楚，也可以向内部支持者打听。"
            ),
        },
    },
    "competitor-aligned": {
        "en": {
            "message": "An influential contact leans towards {competitor}: {people}.",
            "advice": (
                "Use information power: through your inside coach and other sources, learn what draws "
                "them to {competitor} and what they fear about us, then show how we address the "
                "organisational and personal needs behind that preference."
            ),
        },
        "zh": {
            "message": "有影响力的联系人{people}倾向于竞争对手{competitor}。",
            "advice": (
                "要发挥信息力：通过内部支持者和其他渠道，弄清{competitor}吸引他的原因以及他对我们的顾虑，"
                "再针对其背后的企业需求和个人诉求，说明我们如何更好地满足。"
            ),
        },
    },
    "role-concentration.many": {
        "en": {
            "message": "{people} holds {count} of the six roles ({roles}).",
            "advice": ROLE_CHECK_EN,
        },
        "zh": {
            "message": "{people}一人身兼{count}种采购角色（{roles}）。",
            "advice": ROLE_CHECK_ZH,
        },
    },
    "role-concentration.technical": {
        "en": {
            "message": "{people} is tagged technical supporter (and {roles}) but sits in {department}, outside the technical organisation.",
            "advice": ROLE_CHECK_EN,
        },
        "zh": {
            "message": "{people}被标为技术支持者（另兼{roles}），但所在的{department}不属于技术部门。",
            "advice": ROLE_CHECK_ZH,
        },
    },
    "role-concentration.user": {
        "en": {
            "message": "{people} is tagged key user (and {roles}) but sits in {department}, the technical organisation, not a department that will use the product.",
            "advice": ROLE_CHECK_EN,
        },
        "zh": {
            "message": "{people}被标为关键使用者（另兼{roles}），但所在的{department}是技术部门，而不是使用产品的部门。",
            "advice": ROLE_CHECK_ZH,
        },
    },
    "power-shift.competitor": {
        "en": {
            "message": "{people} is new in role ({days} days) and leans to {competitor}.",
            "advice": POWER_SHIFT_EN,
        },
        "zh": {
            "message": "{people}到任仅{days}天，且倾向于竞争对手{competitor}。",
            "advice": POWER_SHIFT_ZH,
        },
    },
    "power-shift.above": {
        "en": {
            "message": "{people} is new in role ({days} days) and now sits above our initiator or handler, without being on our side yet.",
            "advice": POWER_SHIFT_EN,
        },
        "zh": {
            "message": "{people}到任仅{days}天，现在是我们的首倡者或经手人的上级，但还没有站在我们一边。",
            "advice": POWER_SHIFT_ZH,
        },
    },
    "power-shift.unknown": {
        "en": {
            "message": "{people} is new in role ({days} days) and their influence is unknown.",
            "advice": POWER_SHIFT_EN,
        },
        "zh": {
            "message": "{people}到任仅{days}天，影响力尚不清楚。",
            "advice": POWER_SHIFT_ZH,
        },
    },
    "unsupportive-initiator": {
        "en": {
            "message": "No initiator supports us: {people}.",
            "advice": (
                "An initiator who does not believe in us will not recommend us inside. Find out what "
                "holds them back, an organisational need we have not met or a personal concern, and "
                "answer it; or find another person who believes in us, higher and more influential if "
                "you can, and arm them with product material and success cases."
            ),
        },
        "zh": {
            "message": "没有一位首倡者支持我们：{people}。",
            "advice": (
                "不认可我们的首倡者不会在内部推荐我们。请弄清其顾虑：是我们没有满足的企业需求，还是个人顾虑，"
                "并加以化解；或者另找一位认可我们、职位和影响力更高的人，为其提供产品资料和成功案例。"
            ),
        },
    },
    "opposed-staff": {
        "en": {
            "message": "{count} staff in {department}, a department that will use the product, are against us: {people}.",
            "advice": (
                "The small players of a user department decide whether the system gets used, and their "
                "complaints travel upward. Widen the support base there: demonstrations and early "
                "training for them, and stories from people doing the same job at similar customers."
            ),
        },
        "zh": {
            "message": "使用部门{department}有{count}位基层员工反对我们：{people}。",
            "advice": (
                "使用部门的“小人物”决定系统能否真正用起来，他们的抱怨也会向上传递。"
                "请在这个部门扩大支持面：为他们安排演示和早期培训，并讲述同类客户中同岗位人员的使用故事。"
            ),
        },
    },
}

ROLE_ADVICE: dict[str, dict[str, str]] = {
    "initiator": {
        "en": (
            "Prefer the initiator with the highest position and most influence; arm them with "
            "product material and success cases so they can promote us internally."
        ),
        "zh": "优先选择职位最高、影响力最大的首倡者，为其提供产品资料和成功案例，让他在内部替我们推荐。",
    },
    "technical_supporter": {
        "en": (
            "Start technical exchanges between our engineers and theirs early and thoroughly, with a "
            "jointly agreed plan and timetable of technical topics."
        ),
        "zh": "尽早、充分地安排双方工程师进行技术交流，共同制定技术议题计划和时间表。",
    },
    "key_user": {
        "en": (
            "Train them early so they experience the benefit first-hand, and give them usage stories "
            "so they become storytellers for us."
        ),
        "zh": "尽早培训，让其亲身体验产品带来的好处，并提供使用故事，使其成为替我们讲故事的人。",
    },
    "inside_coach": {
        "en": (
            "Screen widely and choose well-informed people who truly trust us; build on mutual "
            "benefit and keep the relationship confidential."
        ),
        "zh": "广泛筛选，挑选消息灵通、真正信任我们的人；坚持互利共赢，并对这层关系严格保密。",
    },
    "advisor": {
        "en": (
            "Treat them as you would a decision maker, and watch whether their view of each vendor is "
            "objective and fair."
        ),
        "zh": "像对待核心决策者一样对待辅助决策者，同时观察其对各方的评价是否客观公正。",
    },
    "decision_maker": {
        "en": (
            "Be brief and structured, centre on solving their business problems, and keep telling "
            "success cases to build trust."
        ),
        "zh": "沟通要简明扼要、条理清晰，围绕解决其业务问题展开，并持续讲述成功案例以建立信任。",
    },
}

STAGE_CONDITIONS: dict[str, dict[str, str]] = {
    "handler-engaged": {
        "en": "at least one engaged contact who handles the project",
        "zh": "至少与一位项目经手人建立关系",
    },
    "handler-mid-level": {
        "en": "an engaged handler at mid level or above",
        "zh": "找到合适的经手人，并与中层或以上人员建立关系",
    },
    "handler-personal-needs": {
        "en": "the handler's personal needs understood (a personal relationship with the handler)",
        "zh": "了解经手人的个人需求（与经手人的关系达到个人层次）",
    },
    "handler-bond": {
        "en": "a special bond with the handler (a trusted relationship)",
        "zh": "与经手人建立特殊的关系（达到信任层次）",
    },
    "departments-contacted": {
        "en": "engaged contacts in at least two departments",
        "zh": "在至少两个部门建立关系，接触到其他部门和采购小组成员",
    },
    "key-attitudes-known": {
        "en": "the known stance of every key person",
        "zh": "掌握每一位关键人物的态度",
    },
    "coach-deepened": {
        "en": "an inside coach with a personal or trusted relationship",
        "zh": "与内部支持者的关系深入到个人或信任层次",
    },
    "senior-leaders-satisfied": {
        "en": "at least one supportive executive and no opposed executive",
        "zh": "至少有一位高层支持我们，且没有高层反对",
    },
    "more-departments-engaged": {
        "en": "engaged contacts in at least three departments",
        "zh": "在至少三个部门建立关系",
    },
    "senior-leader-reached": {
        "en": "an engaged executive or decision maker",
        "zh": "与高层或核心决策者建立关系",
    },
    "key-people-feelings": {
        "en": "the key people's feelings known (every engaged decision maker and advisor at a personal relationship or deeper)",
        "zh": "了解关键人的感受（已接触的核心决策者和辅助决策者都达到个人层次或以上）",
    },
    "evaluation-team-leaning": {
        "en": "support from every holder of the six buying roles",
        "zh": "六种采购角色的所有人都倾向于支持我们",
    },
    "evaluators-trusted": {
        "en": "every member of the evaluation team at the personal or trusted layer",
        "zh": "评估小组每一位成员的关系都达到个人或信任层次",
    },
    "commercial-contacts-engaged": {
        "en": "engaged procurement and finance contacts",
        "zh": "与采购和财务人员建立关系",
    },
    "executives-interact": {
        "en": "a customer executive with a personal or trusted relationship with us",
        "zh": "客户高层与我们的关系达到个人或信任层次",
    },
}

# the concrete next step for each stage condition (docs/methodology.md §6)
STAGE_ADVICE: dict[str, dict[str, str]] = {
    "handler-engaged": {
        "en": "Find the person who handles the project day to day (the handler, 经手人) and open a business "
              "relationship with them: they drive the first three stages.",
        "zh": "找到日常负责这个项目的经手人，并与其建立业务关系：前三个阶段都靠经手人推动。",
    },
    "handler-mid-level": {
        "en": "Check that the handler is the right one: someone at mid level or above who can move the project; "
              "if not, ask them to introduce their manager.",
        "zh": "确认经手人是否合适：应是能推动项目的中层或以上人员；如果不是，请其引荐上级。",
    },
    "handler-personal-needs": {
        "en": "Learn what the handler wants for themselves from this project (recognition, less work, security, "
              "control) and show how we serve it.",
        "zh": "了解经手人在这个项目里的个人诉求（认可、减少工作量、安全感、掌控感），并说明我们如何满足。",
    },
    "handler-bond": {
        "en": "Deepen the relationship with the handler beyond business: time outside meetings, promises kept, "
              "help with what matters to them, until they trust us and tell us what happens inside.",
        "zh": "把与经手人的关系从业务层面深入下去：会议之外多相处、说到做到、帮其解决在意的事，直到其信任我们并告诉我们内部情况。",
    },
    "departments-contacted": {
        "en": "Ask the handler to introduce you to the other departments and to the members of the buying team, "
              "and meet each of them.",
        "zh": "请经手人引荐其他部门和采购小组的成员，并逐一拜访。",
    },
    "key-attitudes-known": {
        "en": "Ask the handler and your inside coach how each key person sees the project and us, confirm it in "
              "your own meetings, and record the stance on the map.",
        "zh": "向经手人和内部支持者了解每位关键人物对项目和我们的看法，在自己的拜访中加以确认，并记录在权力地图上。",
    },
    "coach-deepened": {
        "en": "Turn the handler or another well-informed contact into an inside coach: meet privately, share what "
              "helps them, and keep the relationship confidential.",
        "zh": "把经手人或其他消息灵通的联系人发展为内部支持者：私下沟通、互利共赢，并对这层关系保密。",
    },
    "senior-leaders-satisfied": {
        "en": "Show the senior leaders the outcomes they care about (demonstration, references, business case) and "
              "answer the objections of any opposing executive before the buying criteria are set.",
        "zh": "向高层展示其关心的成果（演示、客户案例、投资回报），并在采购标准确定之前化解反对高层的疑虑。",
    },
    "more-departments-engaged": {
        "en": "Widen the relationship to more departments and people: every department that will use or pay for "
              "the solution needs an engaged contact.",
        "zh": "把关系扩展到更多部门和人员：每个使用或出资的部门都应有已建立关系的联系人。",
    },
    "senior-leader-reached": {
        "en": "Through the handler and your mid-level allies, meet a senior leader or the owner of the evaluation "
              "before the formal proposal.",
        "zh": "在提交正式方案之前，通过经手人和中层盟友拜访一位高层或评估负责人。",
    },
    "key-people-feelings": {
        "en": "Meet each decision maker and advisor one to one and learn how they feel about the project, us and the "
              "competitors; move each relationship to the personal layer.",
        "zh": "与每位核心决策者和辅助决策者单独沟通，了解其对项目、我们和竞争对手的感受，并把关系推进到个人层次。",
    },
    "evaluation-team-leaning": {
        "en": "Go through the evaluation team member by member: learn each attitude, answer each concern, and ask "
              "your allies to speak for us in the evaluation.",
        "zh": "逐一梳理评估小组成员：了解每个人的态度、化解每个人的顾虑，并请盟友在评估中为我们说话。",
    },
    "evaluators-trusted": {
        "en": "Evaluators at the business layer follow the scoring sheet; before the evaluation meeting, deepen each "
              "relationship to the personal layer, where their own needs are met.",
        "zh": "只停留在业务层次的评估人只会照评分表打分；请在评估会之前把每个人的关系推进到个人层次，满足其个人需求。",
    },
    "commercial-contacts-engaged": {
        "en": "Meet procurement and finance before terms are discussed: learn their budget, approval steps and what "
              "they must show to sign.",
        "zh": "在商务谈判之前拜访采购和财务：了解预算、审批流程以及签约前他们需要提供的依据。",
    },
    "executives-interact": {
        "en": "Arrange a meeting between our executives and theirs to confirm the partnership before signing.",
        "zh": "安排双方高层会面，在签约前确认合作关系。",
    },
}

WORDS: dict[str, dict[str, str]] = {
    "not_engaged": {"en": "not engaged", "zh": "尚未与我们建立关系"},
    "opposed": {"en": "opposed to us", "zh": "反对我们"},
    "nobody": {"en": "nobody", "zh": "无人"},
    "supporter": {"en": "supporter", "zh": ""},
    "supporters": {"en": "supporters", "zh": ""},
    "and": {"en": "and", "zh": "和"},
    "list_sep": {"en": ", ", "zh": "、"},
}


# A short name for each gap code, for places that list gaps by kind (the plan's "resolves" column in the report)
GAP_NAMES: dict[str, dict[str, str]] = {
    "missing-role": {"en": "missing role", "zh": "角色缺失"},
    "uncovered-role": {"en": "role not covered", "zh": "角色未覆盖"},
    "decision-maker-unreached": {"en": "decision maker unreached", "zh": "未接触核心决策者"},
    "weak-initiator": {"en": "weak initiator", "zh": "首倡者分量不足"},
    "few-mid-level-allies": {"en": "few mid-level allies", "zh": "中层盟友不足"},
    "bypassed-gatekeeper": {"en": "gatekeeper bypassed", "zh": "绕开了守门人"},
    "resistant-key-user": {"en": "resistant key user", "zh": "关键使用者抵触"},
    "influential-blocker": {"en": "influential blocker", "zh": "有影响力的反对者"},
    "single-threaded": {"en": "single-threaded", "zh": "单线联系"},
    "stale-relationship": {"en": "stale relationship", "zh": "关系久未维护"},
    "late-technical-engagement": {"en": "late technical engagement", "zh": "技术接触过晚"},
    "stage-readiness": {"en": "stage condition unmet", "zh": "阶段条件未满足"},
    "unknown-attributes": {"en": "unknown stance or influence", "zh": "态度或影响力未知"},
    "competitor-aligned": {"en": "leans to a competitor", "zh": "倾向竞争对手"},
    "bypassed-mid-level": {"en": "mid-level bypassed", "zh": "绕开了中层"},
    "advisor-not-won": {"en": "advisor not won", "zh": "辅助决策者未争取"},
    "executive-too-early": {"en": "executive approached too early", "zh": "过早接触高层"},
    "role-concentration": {"en": "roles piled on one person", "zh": "角色集中于一人"},
    "power-shift": {"en": "power shift", "zh": "权力变动"},
    "unsupportive-initiator": {"en": "initiator not with us", "zh": "首倡者不支持我们"},
    "opposed-staff": {"en": "opposed staff", "zh": "基层员工反对"},
}
