"""Every word powermap shows a person, in English and Chinese: one entry per text, ``{key: {"en": ..., "zh": ...}}``.

Keys are dotted: the surface first (``gap.``, ``map.``, ``chart.``, ``report.``, ``plan.``, ``learn.`` ...), then the
word. A text may hold ``str.format`` fields (``{people}``); the Chinese uses the same fields or fewer (it has no
articles and no plurals). Read it through :mod:`powermap.text.words`, which imports this module on first use.

What powermap *reads* (column headers, role and stance synonyms, the template's drop-down values) is vocabulary and
lives in :mod:`powermap.vocab` and :mod:`powermap.io`; so do the role names (``vocab.ROLE_LABELS``), which the layers
below this one need.
"""

# advice that several variants of one gap share (role-concentration, power-shift)
_ROLE_CHECK = {
    "en": (
        "Roles piled on one person make the map look covered when it is not. Verify each role separately: who "
        "started the project, who assesses the solution technically, who heads the department that will use it, who "
        "tells us what happens inside; put each on the map and engage them."
    ),
    "zh": (
        "角色都压在一个人身上，会让权力图看起来覆盖完整，其实并没有。请逐一核实每个角色：谁发起了项目、"
        "谁负责技术评估、谁领导将来使用产品的部门、谁向我们提供内部信息；把他们分别补进地图并建立关系。"
    ),
}

_POWER_SHIFT = {
    "en": (
        "Power structures change with reorganisations and new appointments; a newcomer can reshape who decides. Meet "
        "them soon: learn their priorities, what they inherited from their predecessor and whom they listen to; "
        "record their influence and stance on the map, and brief our allies around them."
    ),
    "zh": (
        "组织调整和人事任命会改变权力结构，新到任的人可能改变由谁拍板。请尽快拜访：了解其工作重点、"
        "从前任那里接手了什么、听取谁的意见；在权力图上记录其影响力和态度，并与其身边的盟友沟通。"
    ),
}

CATALOGUE: dict[str, dict[str, str]] = {
    # -- gaps: what each gap says and what to do about it (docs/methodology.md's wording, our own words)
    "gap.missing-role.message": {
        "en": "Nobody on the map holds the {role} role.",
        "zh": "权力图上还看不到担任{role}的人。",
    },
    "gap.missing-role.advice": {
        "en": (
            "A deal can be lost through any buying influence left uncovered, so find out who plays this part: ask "
            "the contacts you already have, and watch who speaks up in meetings. Add that person to the map and plan "
            "how to win them."
        ),
        "zh": (
            "任何一个采购影响者没有覆盖到，都可能让项目功亏一篑，要做到“一网打尽”。请通过现有联系人打听、"
            "在会议中观察，尽快找出承担这一角色的人，补进地图并制定接触计划。"
        ),
    },
    "gap.missing-role.doubtful.message": {
        "en": "Nobody on the map we can trust holds the {role} role: the one tagged has ties to a competitor.",
        "zh": "权力图上还没有可以信赖的{role}：被标为{role}的人与竞争对手有往来。",
    },
    "gap.missing-role.doubtful.advice": {
        "en": (
            "The one tagged would pass our plans on: do not build on them. Find another: ask the contacts you "
            "already have, watch who helps us in meetings, and add that person to the map."
        ),
        "zh": "被标为该角色的人会把我们的计划传出去，不要依靠此人。请另找一位：通过现有联系人打听，在会议中观察谁在帮我们，并把此人补进地图。",
    },
    "gap.uncovered-role.one.message": {
        "en": "The {role} role is held by {people}, who is not engaged yet.",
        "zh": "{role}{people}还没有与我们建立关系。",
    },
    "gap.uncovered-role.one.advice": {
        "en": (
            "Knowing who holds the role is only the first step; open a business relationship with them through the "
            "normal path, starting from what their organisation needs, then deepen it towards their personal needs."
        ),
        "zh": (
            "知道谁担任这个角色只是第一步。请通过正常的业务渠道与其建立业务关系，先从满足企业需求层次入手，"
            "再逐步深入到个人需求层次。"
        ),
    },
    "gap.uncovered-role.message": {
        "en": "The {role} role is held by {people}, but none of them is engaged yet.",
        "zh": "{role}由{people}担任，但我们与其中任何一人都还没有建立关系。",
    },
    "gap.uncovered-role.advice": {
        "en": (
            "Knowing who holds the role is only the first step; open a business relationship with at least one of "
            "them through the normal path, starting from what their organisation needs, then deepen it towards their "
            "personal needs."
        ),
        "zh": (
            "知道谁担任这个角色只是第一步。请通过正常的业务渠道至少与其中一人建立业务关系，先从满足企业需求层次入手，"
            "再逐步深入到个人需求层次。"
        ),
    },
    "gap.decision-maker-unreached.early.message": {
        "en": "No decision maker is engaged yet: {people}.",
        "zh": "还没有与核心决策者建立关系：{people}。",
    },
    "gap.decision-maker-unreached.early.advice": {
        "en": (
            "At stage {stage} there is still time: reach the top by the normal road, by stage {due_stage} "
            "(requirements and formal proposal) at the latest. Win the handler and the mid-level first and ask them "
            "to arrange the meeting; going around them now costs more than waiting. When you meet, be brief and "
            "structured and centre on their business problems."
        ),
        "zh": (
            "项目处于第{stage}阶段，时间还来得及：请走正常路径接触高层，"
            "最迟在第{due_stage}阶段（需求分析与正式方案设计）之前。先争取经手人和中层，再请他们引荐；现在绕开他们，"
            "代价比等待更大。见面时要简明扼要、条理清晰，围绕对方的业务问题展开。"
        ),
    },
    "gap.decision-maker-unreached.due.message": {
        "en": "At stage {stage}, no decision maker is engaged yet: {people}.",
        "zh": "项目已到第{stage}阶段，仍未与核心决策者建立关系：{people}。",
    },
    "gap.decision-maker-unreached.due.advice": {
        "en": (
            "A senior leader should be reached by stage {due_stage}; a deal that never reaches the person who signs "
            "is very dangerous. Ask your handler and mid-level allies to arrange the meeting now; be brief and "
            "structured, centre on their business problems, and back it with success cases to build trust."
        ),
        "zh": (
            "最迟在第{due_stage}阶段就应接触到高层；始终接触不到拍板的人，是非常危险的。"
            "请立即请经手人和已结盟的中层引荐，见面时做到简明扼要、条理清晰，围绕对方的业务问题展开，"
            "并用成功案例建立信任。"
        ),
    },
    "gap.decision-maker-unreached.unknown.message": {
        "en": "No decision maker is engaged yet: {people}.",
        "zh": "还没有与核心决策者建立关系：{people}。",
    },
    "gap.decision-maker-unreached.unknown.advice": {
        "en": (
            "The person who signs must be reached by stage {due_stage} (requirements and formal proposal) at the "
            "latest, through the handler and your mid-level allies. Give the account's stage so the timing can be "
            "judged."
        ),
        "zh": (
            "最迟在第{due_stage}阶段（需求分析与正式方案设计）必须通过经手人和中层盟友接触到拍板的人。"
            "请填写项目所处阶段，以便判断时机。"
        ),
    },
    "gap.weak-initiator.message": {
        "en": "No initiator has the rank or influence to carry the deal: {people}.",
        "zh": "首倡者{people}职位或影响力偏低，难以推动项目。",
    },
    "gap.weak-initiator.unmet.message": {
        "en": "No initiator has the rank or influence to carry the deal, and none is engaged yet: {people}.",
        "zh": "首倡者{people}职位或影响力偏低，难以推动项目，且我们尚未与其建立关系。",
    },
    "gap.weak-initiator.unmet.advice": {
        "en": (
            "However enthusiastic, a low-ranked or low-influence initiator makes the deal very hard to push, and "
            "meeting them would not change that. Look for a higher-ranked, more influential person who believes in "
            "us, and arm them with product material and success cases so they can promote us internally."
        ),
        "zh": (
            "首倡者即使再热情，职位低、影响力小，项目也很难推进，与其建立关系也改变不了这一点。请寻找职位更高、影响力更大、"
            "认可我们的首倡者，并为其提供产品资料和成功案例，让其能在内部替我们宣传推荐。"
        ),
    },
    "gap.weak-initiator.against.message": {
        "en": "No initiator has the rank or influence to carry the deal, and none supports us: {people}.",
        "zh": "首倡者{people}职位或影响力偏低，难以推动项目，且不支持我们。",
    },
    "gap.weak-initiator.against.advice": {
        "en": (
            "A low-ranked or low-influence initiator who does not believe in us will neither recommend us nor carry "
            "the deal. Look for a higher-ranked, more influential person who believes in us, and arm them with "
            "product material and success cases so they can promote us internally."
        ),
        "zh": (
            "职位低、影响力小又不认可我们的首倡者，既不会推荐我们，也推动不了项目。请寻找职位更高、影响力更大、认可我们的人，"
            "并为其提供产品资料和成功案例，让其能在内部替我们宣传推荐。"
        ),
    },
    "gap.weak-initiator.unmet-against.message": {
        "en": (
            "No initiator has the rank or influence to carry the deal, none is engaged yet and none supports us: "
            "{people}."
        ),
        "zh": "首倡者{people}职位或影响力偏低，难以推动项目；我们尚未与其建立关系，其也不支持我们。",
    },
    "gap.weak-initiator.unmet-against.advice": {
        "en": (
            "We have no initiator who can carry the deal for us. Look for a higher-ranked, more influential person "
            "who believes in us, and arm them with product material and success cases so they can promote us "
            "internally."
        ),
        "zh": (
            "我们实际上没有能推动项目的首倡者。请寻找职位更高、影响力更大、认可我们的人，"
            "并为其提供产品资料和成功案例，让其能在内部替我们宣传推荐。"
        ),
    },
    "gap.weak-initiator.advice": {
        "en": (
            "However enthusiastic, a low-ranked or low-influence initiator makes the deal very hard to push. Look "
            "for a higher-ranked, more influential person who believes in us, and arm them with product material and "
            "success cases so they can promote us internally."
        ),
        "zh": (
            "首倡者即使再热情，职位低、影响力小，项目也很难推进。请寻找职位更高、影响力更大、认可我们的首倡者，"
            "并为其提供产品资料和成功案例，让其能在内部替我们宣传推荐。"
        ),
    },
    "gap.few-mid-level-allies.message": {
        "en": "Only {count} engaged mid-level {supporters}, below the minimum of {minimum}.",
        "zh": "已建立关系且支持我们的中层只有{count}位，低于最少{minimum}位的要求。",
    },
    "gap.few-mid-level-allies.advice": {
        "en": (
            "Ally with more mid-level managers, including those who seem unrelated to the decision: over a long "
            "sales cycle reorganisations happen, and today's bystander can be tomorrow's key person. Executives "
            "listen to their mid-level's report, so these allies carry our case upward."
        ),
        "zh": (
            "要结盟更多的中层，不要轻视那些看似与决策无关的中层：销售周期长，组织随时可能调整，"
            "今天无关的人明天可能就是关键人物。高层往往听取中层的汇报，中层盟友能替我们向上传递声音。"
        ),
    },
    "gap.few-mid-level-allies.none.message": {
        "en": "No engaged mid-level supporter yet (minimum {minimum}).",
        "zh": "还没有已建立关系且支持我们的中层（最少需要{minimum}位）。",
    },
    "gap.few-mid-level-allies.none.advice": {
        "en": (
            "Ally with mid-level managers, including those who seem unrelated to the decision: over a long sales "
            "cycle reorganisations happen, and today's bystander can be tomorrow's key person. Executives listen to "
            "their mid-level's report, so these allies carry our case upward."
        ),
        "zh": (
            "要结盟中层，不要轻视那些看似与决策无关的中层：销售周期长，组织随时可能调整，"
            "今天无关的人明天可能就是关键人物。高层往往听取中层的汇报，中层盟友能替我们向上传递声音。"
        ),
    },
    "gap.few-mid-level-allies.candidates.message": {
        "en": "Closest candidates: {people}.",
        "zh": "最有希望争取的人选：{people}。",
    },
    "gap.few-mid-level-allies.candidates.advice": {
        "en": "Start with these people; they are the quickest mid-level allies to win.",
        "zh": "可以优先从这些人入手，他们是最容易争取的中层盟友。",
    },
    "gap.bypassed-gatekeeper.message": {
        "en": "We engage {executive}, but their gatekeeper {gatekeeper} is {state}.",
        "zh": "我们已接触{executive}，但其身边的守门人{gatekeeper}{state}。",
    },
    "gap.bypassed-gatekeeper.advice": {
        "en": (
            "The assistant or secretary next to a leader controls what reaches them: cheap to win over, costly to "
            "ignore. Win {gatekeeper} before the next meeting with {executive}: introduce yourself, say what your "
            "visits are for and keep them informed. With {executive}, keep enough professional distance within the "
            "closeness."
        ),
        "zh": (
            "高层身边的助理、秘书掌握着信息渠道：争取此人成本很低，忽视此人代价很高。"
            "下次拜访{executive}之前先争取{gatekeeper}：主动介绍自己、说明来意，并让其了解进展。与{executive}交往，"
            "要做到“在亲近中保持足够的专业距离”。"
        ),
    },
    "gap.bypassed-mid-level.message": {
        "en": "We engage {executive} and people below them, but {manager}, the manager in between, is {state}.",
        "zh": "我们已接触{executive}及其下属，但中间的中层{manager}{state}。",
    },
    "gap.bypassed-mid-level.advice": {
        "en": (
            "Going around a mid-level manager to reach their executive is a common way to lose a deal: in a well-run "
            "organisation the executive listens to the manager's report, not the vendor's. Bring {manager} in "
            "through the normal business path: brief them on what you discussed with their people and with "
            "{executive}, and ask for their view before the next step."
        ),
        "zh": (
            "绕开中层去接触其高层，是很多项目丢单的原因：管理规范的企业里，高层听的是中层的汇报，而不是厂商的。"
            "请走正常的业务路径把{manager}请进来：向其通报我们与其下属和{executive}沟通的内容，"
            "并在下一步之前听取其意见。"
        ),
    },
    "gap.advisor-not-won.message": {
        "en": "We engage {executive}, but their advisor {advisor} is {state}.",
        "zh": "我们已接触{executive}，但其辅助决策者{advisor}{state}。",
    },
    "gap.advisor-not-won.advice": {
        "en": (
            "The advisor gives {executive} 'objective' advice and weighs heavily on the decision. Treat {advisor} as "
            "you would a decision maker: meet them, centre on the business problems they care about, and watch "
            "whether their view of each vendor is fair."
        ),
        "zh": (
            "辅助决策者向{executive}提供“客观”建议，对决策影响很大。请像对待核心决策者一样对待{advisor}：主动拜访，"
            "围绕其关心的业务问题沟通，并观察其对各厂商的评价是否客观公正。"
        ),
    },
    "gap.executive-too-early.message": {
        "en": (
            "At stage {stage} we engage {executive}, while {owner}, who owns the project, and the handler {handler} "
            "are not engaged."
        ),
        "zh": "项目处于第{stage}阶段，我们已接触{executive}，但项目负责高层{owner}和经手人{handler}都还没有建立关系。",
    },
    "gap.executive-too-early.advice": {
        "en": (
            "Seeing the top early does not win by itself: an executive we cannot win fast sends us back to the "
            "mid-level, and the managers we went around remember it. Build the road first: win the handler {handler} "
            "and {owner}, then return to {executive} with them, by stage {due_stage} at the latest."
        ),
        "zh": (
            "过早拜访高层本身并不能赢单：如果不能很快建立关系，高层会把我们推回中层，被绕开的中层也会记住。"
            "请先铺好路：争取经手人{handler}和{owner}，再与他们一起回到{executive}，最迟在第{due_stage}阶段。"
        ),
    },
    "gap.executive-too-early.no-handler.message": {
        "en": (
            "At stage {stage} we engage {executive}, while no handler is identified and no mid-level manager is "
            "engaged."
        ),
        "zh": "项目处于第{stage}阶段，我们已接触{executive}，但还没有找到经手人，也没有与任何中层建立关系。",
    },
    "gap.executive-too-early.no-handler.advice": {
        "en": (
            "Meeting the top first, with nobody below who runs the project, leaves us without a road: the executive "
            "will hand the matter down to someone we do not know. Ask who will handle the project day to day, win "
            "them and the manager they report to, then return to {executive} with them, by stage {due_stage} at the "
            "latest."
        ),
        "zh": (
            "先见了高层，下面却没有经办项目的人，我们就没有路可走：高层会把事情交给一个我们不认识的人去办。"
            "请弄清谁会日常经办这个项目，先争取他和他的上级，再与他们一起回到{executive}，最迟在第{due_stage}阶段。"
        ),
    },
    "gap.resistant-key-user.skeptic.message": {
        "en": "A key user is skeptical of us: {people}.",
        "zh": "关键使用者{people}对我们持怀疑态度。",
    },
    "gap.resistant-key-user.skeptic.advice": {
        "en": (
            "User departments often doubt a new system because it means change for them. Train them early so they "
            "feel the benefit first-hand, and give them usage stories from similar customers, before the doubt "
            "hardens into opposition."
        ),
        "zh": (
            "使用部门常常怀疑新系统，因为它意味着改变。请尽早安排培训，让他们亲身体验好处，并提供同类客户的使用故事，"
            "别让怀疑变成反对。"
        ),
    },
    "gap.resistant-key-user.message": {
        "en": "A key user opposes us: {people}.",
        "zh": "关键使用者{people}对我们持反对态度。",
    },
    "gap.resistant-key-user.advice": {
        "en": (
            "User departments often resist a new system because it means change for them. Train them early so they "
            "feel the benefit first-hand, and give them usage stories from similar customers so they end up telling "
            "our story for us."
        ),
        "zh": (
            "超过一半的使用部门会抵触新采购，因为新系统意味着改变。请尽早安排培训，让他们亲身体验带来的好处，"
            "并提供同类客户的使用故事，让他们成为替我们讲故事的人。"
        ),
    },
    "gap.influential-blocker.skeptic.message": {
        "en": "An influential contact is skeptical of us: {people}.",
        "zh": "有影响力的联系人{people}对我们持怀疑态度。",
    },
    "gap.influential-blocker.skeptic.advice": {
        "en": (
            "Doubt from someone with this much weight can turn the decision. Find out what they doubt, which "
            "organisational needs, personal concerns or pressure points are at play, and answer them; meanwhile "
            "strengthen support among the people they listen to."
        ),
        "zh": (
            "如此有分量的人心存怀疑，足以左右决策。请弄清对方怀疑什么：是企业需求、个人诉求还是压力点，并逐一化解；"
            "同时加强其所信任的人对我们的支持。"
        ),
    },
    "gap.influential-blocker.message": {
        "en": "An influential contact opposes us: {people}.",
        "zh": "有影响力的联系人{people}反对我们。",
    },
    "gap.influential-blocker.advice": {
        "en": (
            "An opponent with this much weight can sink the deal. Find out why they resist, which organisational "
            "needs, personal concerns or pressure points are at play, and answer them; meanwhile strengthen support "
            "among the people they listen to."
        ),
        "zh": (
            "如此有分量的反对者足以让项目失败。请弄清对方反对的原因：是企业需求、个人诉求还是压力点，并逐一化解；"
            "同时加强其所信任的人对我们的支持。"
        ),
    },
    "gap.single-threaded.few.message": {
        "en": "Only {contacts}: {people}.",
        "zh": "只有{contacts}：{people}。",
    },
    "gap.single-threaded.few.advice": {
        "en": (
            "Relying on so few people is fragile. Keep widening our allies and the support base: win the small "
            "players as well as the key person, so that the deal survives if one contact moves or changes their mind."
        ),
        "zh": (
            "只依赖这么少的人非常脆弱。请不断扩大盟友范围和支持面，不只争取关键人物，也要争取“小人物”，"
            "这样即使某位联系人调岗或改变立场，项目也不至于失控。"
        ),
    },
    "gap.single-threaded.one-owner.message": {
        "en": "All {count} engaged contacts are held by one team member, {owner}.",
        "zh": "已建立关系的{count}位联系人全部由我方同一人{owner}维护。",
    },
    "gap.single-threaded.one-owner.advice": {
        "en": (
            "If {owner} leaves or falls out with the customer, every relationship goes with them. Bring other team "
            "members into the account, for example engineers for technical contacts and a manager for senior ones, "
            "to widen our relationship power."
        ),
        "zh": (
            "一旦{owner}离开或与客户关系出现问题，所有关系都会随之断掉。请让团队其他成员参与进来，"
            "例如由工程师对接技术人员、由管理者对接高层，以增强关系力。"
        ),
    },
    "gap.stale-relationship.message": {
        "en": "Key contact gone quiet: {people}, {days} days since the last contact (limit {limit}).",
        "zh": "关键联系人{people}距上次联系已{days}天（上限{limit}天）。",
    },
    "gap.stale-relationship.advice": {
        "en": (
            "Relationships decay without contact, and power structures change over time through reorganisations and "
            "new projects. Get back in touch soon and check whether their role, influence or stance has moved, then "
            "update the map."
        ),
        "zh": (
            "关系不维护就会变淡，而组织调整、新项目也会让权力结构随时间变化。请尽快重新联系，确认其角色、"
            "影响力和态度是否有变，并及时更新权力图。"
        ),
    },
    "gap.late-technical-engagement.message": {
        "en": "At stage {stage}, no technical supporter is engaged yet: {people}.",
        "zh": "项目已到第{stage}阶段，仍未与任何技术支持者建立关系：{people}。",
    },
    "gap.late-technical-engagement.advice": {
        "en": (
            "Technical staff sway the decision maker, and the more technical the product, the more they matter. "
            "Start technical exchanges between our engineers and theirs now, and agree a joint plan and timetable of "
            "technical topics."
        ),
        "zh": (
            "产品技术含量越高，技术支持者越重要，对核心决策者的影响也越大。"
            "请立即安排我方工程师与客户技术人员开展技术交流，并共同商定技术交流的议题计划和时间表。"
        ),
    },
    "gap.stage-readiness.message": {
        "en": "At stage {stage}, the map does not yet show {condition}.",
        "zh": "项目处于第{stage}阶段，但权力图上还看不到：{condition}。",
    },
    "gap.stage-readiness.advice": {
        "en": "{step} Close this gap before pushing the deal to the next stage.",
        "zh": "{step}补齐这一条件后，再推进到下一阶段。",
    },
    "gap.stage-readiness.people.message": {"en": "People concerned: {people}.", "zh": "涉及：{people}。"},
    "gap.unknown-attributes.message": {
        "en": "Stance or influence is unknown for role holders: {people}.",
        "zh": "担任采购角色的{people}态度或影响力尚不清楚。",
    },
    "gap.unknown-attributes.advice": {
        "en": (
            "We never see the whole picture of an account, and guesses here can mislead the whole map. Find out "
            "through interviews, observation or questionnaires, and ask your inside coach what they know."
        ),
        "zh": (
            "销售方与客户之间总存在信息不对称，靠猜测会让整张权力图失真。请通过访谈、观察或问卷等方式了解清楚，"
            "也可以向内部支持者打听。"
        ),
    },
    "gap.unknown-attributes.no-coach.message": {
        "en": "Stance or influence is unknown for role holders: {people}.",
        "zh": "担任采购角色的{people}态度或影响力尚不清楚。",
    },
    "gap.unknown-attributes.no-coach.advice": {
        "en": (
            "We never see the whole picture of an account, and guesses here can mislead the whole map. Find out "
            "through interviews, observation or questionnaires, in your own meetings: our inside coach also has ties "
            "to a competitor, so do not ask them."
        ),
        "zh": (
            "销售方与客户之间总存在信息不对称，靠猜测会让整张权力地图失真。请在自己的会面中通过访谈、观察或问卷等方式了解清楚；"
            "我们的内部支持者同时与竞争对手有往来，不要向其打听。"
        ),
    },
    "gap.divided-loyalty.message": {
        "en": "Our {role} {people} also has ties to {competitor}.",
        "zh": "我们的{role}{people}同时与竞争对手{competitor}有往来。",
    },
    "gap.divided-loyalty.advice": {
        "en": (
            "An inside coach or initiator who also serves a competitor passes our plans on. Do not route advice, "
            "pricing or "
            "plans through them; check what ties them to {competitor}, and build another inside source we can trust "
            "before sharing anything sensitive."
        ),
        "zh": (
            "同时为竞争对手效力的内部支持者或首倡者，会把我们的计划传出去。不要再通过此人传递建议、报价或计划；"
            "弄清其与{competitor}的关系，并在透露任何敏感信息之前，另外培养一位可以信赖的内部信息来源。"
        ),
    },
    "gap.divided-loyalty.unmet.message": {
        "en": "{people}, tagged as our {role}, has ties to {competitor} and is not engaged yet.",
        "zh": "{people}被标为我们的{role}，但尚未建立关系，且与竞争对手{competitor}有往来。",
    },
    "gap.divided-loyalty.unmet.advice": {
        "en": (
            "Someone who also serves a competitor would pass our plans on: do not make them our {role}. Look for "
            "another well-informed person who truly trusts us; if you meet them in the normal course of the "
            "project, share nothing sensitive, and check what ties them to {competitor}."
        ),
        "zh": (
            "同时为竞争对手效力的人会把我们的计划传出去：不要把此人发展为我们的{role}。请另找一位消息灵通、真正信任我们的人；"
            "如在项目的正常往来中与其见面，不要透露任何敏感信息，并弄清其与{competitor}的关系。"
        ),
    },
    "gap.veto-risk.technical.message": {
        "en": "{people}, who assesses the solution technically and can veto it, opposes us.",
        "zh": "负责技术评估、握有否决权的{people}反对我们。",
    },
    "gap.veto-risk.technical.advice": {
        "en": (
            "In a highly technical purchase the technical side has the right to advise and to veto. Find out which "
            "technical concern stands behind the opposition and answer it engineer to engineer: a joint test, a "
            "reference visit, a plan of technical topics agreed with them."
        ),
        "zh": (
            "技术含量高的采购中，技术人员拥有建议权和否决权。请弄清其反对背后的技术顾虑，由双方工程师直接沟通化解："
            "联合测试、参观样板客户，或与其共同商定技术交流计划。"
        ),
    },
    "gap.veto-risk.finance.message": {
        "en": "{people}, who guards the budget at this stage of the decision, opposes us.",
        "zh": "在决策的这个阶段掌管预算的{people}反对我们。",
    },
    "gap.veto-risk.finance.advice": {
        "en": (
            "From the evaluation on, finance can stop a deal the users want. Learn what worries them, the price, "
            "the payment terms or the budget line, and answer it with numbers: total cost, payback, terms that fit "
            "their budget."
        ),
        "zh": (
            "从项目评估阶段起，财务可以叫停使用部门想要的项目。请弄清其顾虑：是价格、付款条件还是预算科目，"
            "并用数字回应：总成本、投资回收期，以及符合其预算安排的条款。"
        ),
    },
    "gap.power-shift.opposed.message": {
        "en": "{people} is new in role ({days} days) and is against us.",
        "zh": "{people}到任仅{days}天，且对我们持反对或怀疑态度。",
    },
    "gap.power-shift.opposed.advice": _POWER_SHIFT,
    "gap.bypassed-mid-level.executive.message": {
        "en": "We engage {executive} and people below them, but {manager}, the executive in between, is {state}.",
        "zh": "我们已接触{executive}及其下属，但中间的高层{manager}{state}。",
    },
    "gap.bypassed-mid-level.executive.advice": {
        "en": (
            "Going around the executive in between is a common way to lose a deal: {executive} listens to their own "
            "reports, not the vendor's. Bring {manager} in through the normal business path: brief them on what "
            "you discussed with their people and with {executive}, and ask for their view before the next step."
        ),
        "zh": (
            "绕开中间的高层，是很多项目丢单的原因：{executive}听的是自己下属的汇报，而不是厂商的。"
            "请走正常的业务路径把{manager}请进来：向其通报我们与其下属和{executive}沟通的内容，"
            "并在下一步之前听取其意见。"
        ),
    },
    "gap.competitor-aligned.message": {
        "en": "An influential contact leans towards {competitor}: {people}.",
        "zh": "有影响力的联系人{people}倾向于竞争对手{competitor}。",
    },
    "gap.competitor-aligned.advice": {
        "en": (
            "Use information power: through your inside coach and other sources, learn what draws them to "
            "{competitor} and what they fear about us, then show how we address the organisational and personal "
            "needs behind that preference."
        ),
        "zh": (
            "要发挥信息力：通过内部支持者和其他渠道，弄清{competitor}吸引此人的原因以及其对我们的顾虑，"
            "再针对其背后的企业需求和个人诉求，说明我们如何更好地满足。"
        ),
    },
    "gap.competitor-aligned.ours.message": {
        "en": "An influential contact who supports us also has ties to {competitor}: {people}.",
        "zh": "支持我们的有影响力联系人{people}同时与竞争对手{competitor}有往来。",
    },
    "gap.competitor-aligned.ours.advice": {
        "en": (
            "Keep their support, and expect what we share with them to reach {competitor}: share proposals and "
            "prices with care, judge their support by what they do for us (an introduction, an early look at the "
            "buying criteria), and do not let the deal rest on them alone."
        ),
        "zh": (
            "保持其支持，但要预计我们告诉此人的内容可能传到{competitor}：方案和价格要谨慎分享，"
            "以其实际行动（引荐、提前了解采购标准等）判断支持是否可靠，不要让项目只依赖此人。"
        ),
    },
    "gap.competitor-aligned.no-coach.message": {
        "en": "An influential contact leans towards {competitor}: {people}.",
        "zh": "有影响力的联系人{people}倾向于竞争对手{competitor}。",
    },
    "gap.competitor-aligned.no-coach.advice": {
        "en": (
            "Use information power, but not through our inside coach, who also has ties to a competitor: through "
            "other sources and your own meetings, learn what draws them to {competitor} and what they fear about us, "
            "then show how we address the organisational and personal needs behind that preference."
        ),
        "zh": (
            "要发挥信息力，但不要通过同时与竞争对手有往来的内部支持者：通过其他渠道和自己的会面，"
            "弄清{competitor}吸引此人的原因以及其对我们的顾虑，再针对其背后的企业需求和个人诉求，说明我们如何更好地满足。"
        ),
    },
    "gap.role-concentration.many.message": {
        "en": "{people} holds {count} of the six roles ({roles}).",
        "zh": "{people}一人身兼{count}种采购角色（{roles}）。",
    },
    "gap.role-concentration.many.advice": _ROLE_CHECK,
    "gap.role-concentration.technical.message": {
        "en": (
            "{people} is tagged technical supporter (and {roles}) but sits in {department}, outside the technical "
            "organisation."
        ),
        "zh": "{people}被标为技术支持者（另兼{roles}），但所在的{department}不属于技术部门。",
    },
    "gap.role-concentration.technical.advice": _ROLE_CHECK,
    "gap.role-concentration.user.message": {
        "en": (
            "{people} is tagged key user (and {roles}) but sits in {department}, the technical organisation, not a "
            "department that will use the product."
        ),
        "zh": "{people}被标为关键使用者（另兼{roles}），但所在的{department}是技术部门，而不是使用产品的部门。",
    },
    "gap.role-concentration.user.advice": _ROLE_CHECK,
    "gap.power-shift.competitor.message": {
        "en": "{people} is new in role ({days} days) and leans to {competitor}.",
        "zh": "{people}到任仅{days}天，且倾向于竞争对手{competitor}。",
    },
    "gap.power-shift.competitor.advice": _POWER_SHIFT,
    "gap.power-shift.above.message": {
        "en": (
            "{people} is new in role ({days} days) and now sits above our initiator or handler, without being on our "
            "side yet."
        ),
        "zh": "{people}到任仅{days}天，现在是我们的首倡者或经手人的上级，但还没有站在我们一边。",
    },
    "gap.power-shift.above.advice": _POWER_SHIFT,
    "gap.power-shift.unknown.message": {
        "en": "{people} is new in role ({days} days) and their influence is unknown.",
        "zh": "{people}到任仅{days}天，影响力尚不清楚。",
    },
    "gap.power-shift.unknown.advice": _POWER_SHIFT,
    "gap.unsupportive-initiator.message": {
        "en": "No initiator supports us: {people}.",
        "zh": "没有一位首倡者支持我们：{people}。",
    },
    "gap.unsupportive-initiator.advice": {
        "en": (
            "An initiator who does not believe in us will not recommend us inside. Find out what holds them back, an "
            "organisational need we have not met or a personal concern, and answer it; or find another person who "
            "believes in us, higher and more influential if you can, and arm them with product material and success "
            "cases."
        ),
        "zh": (
            "不认可我们的首倡者不会在内部推荐我们。请弄清其顾虑：是我们没有满足的企业需求，还是个人顾虑，并加以化解；"
            "或者另找一位认可我们、职位和影响力更高的人，为其提供产品资料和成功案例。"
        ),
    },
    "gap.opposed-staff.message": {
        "en": "{count} staff in {department}, a department that will use the product, are against us: {people}.",
        "zh": "使用部门{department}有{count}位基层员工反对我们：{people}。",
    },
    "gap.opposed-staff.advice": {
        "en": (
            "The small players of a user department decide whether the system gets used, and their complaints travel "
            "upward. Widen the support base there: demonstrations and early training for them, and stories from "
            "people doing the same job at similar customers."
        ),
        "zh": (
            "使用部门的“小人物”决定系统能否真正用起来，他们的抱怨也会向上传递。请在使用部门中扩大支持面："
            "为他们安排演示和早期培训，并讲述同类客户中同岗位人员的使用故事。"
        ),
    },
    # -- a short name for each gap code, where gaps are listed by kind (the plan's "resolves" column)
    "gap_name.missing-role": {"en": "missing role", "zh": "角色缺失"},
    "gap_name.uncovered-role": {"en": "role not covered", "zh": "角色未覆盖"},
    "gap_name.decision-maker-unreached": {"en": "decision maker unreached", "zh": "未接触核心决策者"},
    "gap_name.weak-initiator": {"en": "weak initiator", "zh": "首倡者分量不足"},
    "gap_name.few-mid-level-allies": {"en": "few mid-level allies", "zh": "中层盟友不足"},
    "gap_name.bypassed-gatekeeper": {"en": "gatekeeper bypassed", "zh": "绕开了守门人"},
    "gap_name.resistant-key-user": {"en": "resistant key user", "zh": "关键使用者抵触"},
    "gap_name.influential-blocker": {"en": "influential blocker", "zh": "有影响力的反对者"},
    "gap_name.single-threaded": {"en": "single-threaded", "zh": "支持面太窄"},
    "gap_name.stale-relationship": {"en": "stale relationship", "zh": "关系久未维护"},
    "gap_name.late-technical-engagement": {"en": "late technical engagement", "zh": "技术接触过晚"},
    "gap_name.stage-readiness": {"en": "stage condition unmet", "zh": "阶段条件未满足"},
    "gap_name.unknown-attributes": {"en": "unknown stance or influence", "zh": "态度或影响力未知"},
    "gap_name.competitor-aligned": {"en": "leans to a competitor", "zh": "倾向竞争对手"},
    "gap_name.bypassed-mid-level": {"en": "mid-level bypassed", "zh": "绕开了中层"},
    "gap_name.advisor-not-won": {"en": "advisor not won", "zh": "辅助决策者未争取"},
    "gap_name.executive-too-early": {"en": "executive approached too early", "zh": "过早接触高层"},
    "gap_name.role-concentration": {"en": "roles piled on one person", "zh": "角色集中于一人"},
    "gap_name.power-shift": {"en": "power shift", "zh": "权力变动"},
    "gap_name.unsupportive-initiator": {"en": "initiator not with us", "zh": "首倡者不支持我们"},
    "gap_name.opposed-staff": {"en": "opposed staff", "zh": "基层员工反对"},
    "gap_name.veto-risk": {"en": "veto risk", "zh": "否决风险"},
    "gap_name.divided-loyalty": {"en": "divided loyalty", "zh": "忠诚存疑"},
    # -- gaps of one kind as one line (render/gap_groups.py): how many, the worst case, the people once
    "gap_group.default": {"en": "{name}: {count} times.", "zh": "{name}：共{count}处。"},
    "gap_group.people": {"en": "People: {people}.", "zh": "涉及：{people}。"},
    "gap_group.around": {"en": "Gone around: {pairs}.", "zh": "被绕过的：{pairs}。"},
    "gap_group.around_pair": {"en": "{m} on the way to {e}", "zh": "{m}（通往{e}）"},
    "gap_group.stale-relationship": {
        "en": "Stale: {count} key contacts gone quiet, the longest {longest} at {days} days.",
        "zh": "关系久未维护：{count}位关键联系人久未联系，最久的是{longest}，已{days}天。",
    },
    "gap_group.influential-blocker": {
        "en": "{count} influential contacts oppose or doubt us.",
        "zh": "{count}位有影响力的联系人反对或怀疑我们。",
    },
    "gap_group.resistant-key-user": {
        "en": "{count} key users resist or doubt us.",
        "zh": "{count}位关键使用者抵触或怀疑我们。",
    },
    "gap_group.competitor-aligned": {
        "en": "{count} influential contacts lean towards a competitor.",
        "zh": "{count}位有影响力的联系人倾向于竞争对手。",
    },
    "gap_group.competitor-aligned.advice": {
        "en": (
            "Use information power: through your inside coach and other sources, learn what draws each of them to "
            "the competitor and what they fear about us, then show how we address the organisational and personal "
            "needs behind that preference."
        ),
        "zh": (
            "要发挥信息力：通过内部支持者和其他渠道，逐一弄清竞争对手吸引他们的原因以及他们对我们的顾虑，"
            "再针对其背后的企业需求和个人诉求，说明我们如何更好地满足。"
        ),
    },
    "gap_group.opposed-staff": {
        "en": "Staff are against us in {count} user departments: {departments}.",
        "zh": "{count}个使用部门有基层员工反对我们：{departments}。",
    },
    "gap_group.opposed-staff.department": {"en": "{d} ({n})", "zh": "{d}（{n}人）"},
    "gap_group.veto-risk": {
        "en": "{count} people who can veto our solution or stop its budget oppose us.",
        "zh": "{count}位握有否决权或掌管预算的人反对我们。",
    },
    "gap_group.veto-risk.advice": {
        "en": (
            "Whoever can veto the choice can stop a deal the users want. Learn what stands behind each opposition "
            "and answer it in its own terms: a technical concern engineer to engineer (a joint test, a reference "
            "visit, a plan of technical topics agreed with them), a budget concern with numbers (total cost, payback, "
            "terms that fit their budget)."
        ),
        "zh": (
            "握有否决权的人可以叫停使用部门想要的项目。请逐一弄清其反对背后的原因，并对症回应：技术顾虑由双方工程师直接沟通化解"
            "（联合测试、参观样板客户、共同商定技术交流计划）；预算顾虑用数字回应（总成本、投资回收期、符合其预算安排的条款）。"
        ),
    },
    "gap_group.divided-loyalty": {
        "en": "{count} people tagged as our inside coach or initiator also have ties to a competitor.",
        "zh": "被标为我们的内部支持者或首倡者的人中，有{count}位同时与竞争对手有往来。",
    },
    "gap_group.divided-loyalty.advice": {
        "en": (
            "An inside coach or initiator who also serves a competitor passes our plans on. Do not route advice, "
            "pricing or plans through any of them; check what ties each to the competitor, and build another inside "
            "source we can trust before sharing anything sensitive."
        ),
        "zh": (
            "同时为竞争对手效力的内部支持者或首倡者，会把我们的计划传出去。不要再通过其中任何一人传递建议、报价或计划；"
            "逐一弄清其与竞争对手的关系，并在透露任何敏感信息之前，另外培养一位可以信赖的内部信息来源。"
        ),
    },
    "gap_group.role-concentration": {
        "en": "The role tags of {count} people need checking.",
        "zh": "有{count}位联系人的角色标注需要核实。",
    },
    "gap_group.bypassed-gatekeeper": {
        "en": "{count} leaders we engage have a gatekeeper we have not won.",
        "zh": "我们已接触的高层中，有{count}位身边的守门人还没有争取到。",
    },
    "gap_group.bypassed-gatekeeper.advice": {
        "en": (
            "The assistant or secretary next to a leader controls what reaches them: cheap to win over, costly to "
            "ignore. Win each gatekeeper before the next meeting with their leader: introduce yourself, say what your "
            "visits are for and keep them informed. With the leader, keep enough professional distance within the "
            "closeness."
        ),
        "zh": (
            "高层身边的助理、秘书掌握着信息渠道：争取他们成本很低，忽视他们代价很高。"
            "下次拜访每位高层之前，先争取其身边的守门人：主动介绍自己、说明来意，并让其了解进展。与高层交往，"
            "要做到“在亲近中保持足够的专业距离”。"
        ),
    },
    "gap_group.bypassed-mid-level": {
        "en": "{count} times we go around the manager in between.",
        "zh": "有{count}处绕开了中间的中层。",
    },
    "gap_group.bypassed-mid-level.advice": {
        "en": (
            "Going around a mid-level manager to reach their executive is a common way to lose a deal: in a well-run "
            "organisation the executive listens to the manager's report, not the vendor's. Bring each manager in "
            "through the normal business path: brief them on what you discussed with their people and their "
            "executive, and ask for their view before the next step."
        ),
        "zh": (
            "绕开中层去接触其高层，是很多项目丢单的原因：管理规范的企业里，高层听的是中层的汇报，而不是厂商的。"
            "请走正常的业务路径把每位被绕开的中层请进来：向其通报我们与其下属和高层沟通的内容，"
            "并在下一步之前听取其意见。"
        ),
    },
    "gap_group.advisor-not-won": {
        "en": "{count} advisors of leaders we engage are not won.",
        "zh": "我们已接触的高层中，有{count}位的辅助决策者还没有争取到。",
    },
    "gap_group.advisor-not-won.advice": {
        "en": (
            "An advisor gives their executive 'objective' advice and weighs heavily on the decision. Treat each "
            "advisor as you would a decision maker: meet them, centre on the business problems they care about, and "
            "watch whether their view of each vendor is fair."
        ),
        "zh": (
            "辅助决策者向高层提供“客观”建议，对决策影响很大。请像对待核心决策者一样对待每位辅助决策者：主动拜访，"
            "围绕其关心的业务问题沟通，并观察其对各厂商的评价是否客观公正。"
        ),
    },
    "gap_group.executive-too-early.advice": {
        "en": (
            "Seeing the top early does not win by itself: an executive we cannot win fast sends us back to the "
            "mid-level, and the managers we went around remember it. Build the road first: win the handler and the "
            "executive who owns the project, then return to the top with them."
        ),
        "zh": (
            "过早拜访高层本身并不能赢单：如果不能很快建立关系，高层会把我们推回中层，被绕开的中层也会记住。"
            "请先铺好路：争取经手人和项目负责高层，再与他们一起回到高层。"
        ),
    },
    "gap_group.missing-role": {
        "en": "Nobody on the map holds these {count} roles: {roles}.",
        "zh": "权力图上还看不到这{count}个角色的担任者：{roles}。",
    },
    "gap_group.uncovered-role": {
        "en": "{count} roles are held only by people not engaged yet: {roles}.",
        "zh": "{count}个角色的担任者都还没有与我们建立关系：{roles}。",
    },
    "gap_group.uncovered-role.advice": {
        "en": (
            "Knowing who holds a role is only the first step; open a business relationship with at least one holder "
            "of each through the normal path, starting from what their organisation needs, then deepen it towards "
            "their personal needs."
        ),
        "zh": (
            "知道谁担任角色只是第一步。请通过正常的业务渠道，与每个角色至少一位担任者建立业务关系，先从满足企业需求层次入手，"
            "再逐步深入到个人需求层次。"
        ),
    },
    "gap_group.stage-readiness": {
        "en": "At stage {stage}, the map does not yet show {count} conditions: {conditions}.",
        "zh": "项目处于第{stage}阶段，权力图上还看不到这{count}项条件：{conditions}。",
    },
    "gap_group.stage-readiness.advice": {
        "en": "Close these gaps before pushing the deal to the next stage.",
        "zh": "补齐这些条件后，再推进到下一阶段。",
    },
    "gap_group.power-shift": {
        "en": "{count} people new in their place may reshape who decides.",
        "zh": "{count}位新到任的人可能改变由谁拍板。",
    },
    "gap_group.power-shift.advice": {
        "en": (
            "Power structures change with reorganisations and new appointments; a newcomer can reshape who decides. "
            "Meet each of them soon: learn their priorities, what they inherited and whom they listen to; record "
            "their influence and stance on the map, and brief our allies around them."
        ),
        "zh": (
            "组织调整和人事任命会改变权力结构，新到任的人可能改变由谁拍板。请尽快逐一拜访：了解其工作重点、"
            "从前任那里接手了什么、听取谁的意见；在权力图上记录其影响力和态度，并与其身边的盟友沟通。"
        ),
    },
    # -- how to win each buying role (added to a missing-role or uncovered-role gap)
    "role_advice.initiator": {
        "en": (
            "Prefer the initiator with the highest position and most influence; arm them with product material and "
            "success cases so they can promote us internally."
        ),
        "zh": "优先选择职位最高、影响力最大的首倡者，为其提供产品资料和成功案例，让其在内部替我们推荐。",
    },
    "role_advice.technical_supporter": {
        "en": (
            "Start technical exchanges between our engineers and theirs early and thoroughly, with a jointly agreed "
            "plan and timetable of technical topics."
        ),
        "zh": "尽早、充分地安排双方工程师进行技术交流，共同制定技术议题计划和时间表。",
    },
    "role_advice.key_user": {
        "en": (
            "Train them early so they experience the benefit first-hand, and give them usage stories so they become "
            "storytellers for us."
        ),
        "zh": "尽早培训，让其亲身体验产品带来的好处，并提供使用故事，使其成为替我们讲故事的人。",
    },
    "role_advice.inside_coach": {
        "en": (
            "Screen widely and choose well-informed people who truly trust us; build on mutual benefit and keep the "
            "relationship confidential."
        ),
        "zh": "广泛筛选，挑选消息灵通、真正信任我们的人；坚持互利共赢，并对这层关系严格保密。",
    },
    "role_advice.advisor": {
        "en": (
            "Treat them as you would a decision maker, and watch whether their view of each vendor is objective "
            "and fair."
        ),
        "zh": "像对待核心决策者一样对待辅助决策者，同时观察其对各方的评价是否客观公正。",
    },
    "role_advice.decision_maker": {
        "en": (
            "Be brief and structured, centre on solving their business problems, and keep telling success cases to "
            "build trust."
        ),
        "zh": "沟通要简明扼要、条理清晰，围绕解决其业务问题展开，并持续讲述成功案例以建立信任。",
    },
    # -- the stage conditions (docs/methodology.md §6), and the concrete next step for each
    "stage_condition.handler-identified": {
        "en": "a known handler, the person who handles the project day to day (tagged handler)",
        "zh": "找到日常经办项目的经手人（标注为经手人）",
    },
    "stage_condition.handler-engaged": {
        "en": "an engaged handler",
        "zh": "与项目经手人建立关系",
    },
    "stage_condition.handler-mid-level": {
        "en": "an influential handler: at mid level or above, or with influence 3 or more",
        "zh": "经手人有分量：中层或以上，或影响力在 3 及以上",
    },
    "stage_condition.handler-personal-needs": {
        "en": "the handler's personal needs understood (a personal relationship with the handler)",
        "zh": "了解经手人的个人需求（与经手人的关系达到个人需求层次）",
    },
    "stage_condition.handler-bond": {
        "en": "a special bond with the handler (a trusted relationship)",
        "zh": "与经手人建立特殊的情感纽带（关系达到个人情感层次）",
    },
    "stage_condition.departments-contacted": {
        "en": "engaged contacts in at least two departments",
        "zh": "在至少两个部门建立关系，接触到其他部门和采购小组成员",
    },
    "stage_condition.key-attitudes-known": {
        "en": "the known stance of every key person",
        "zh": "掌握每一位关键人物的态度",
    },
    "stage_condition.coach-deepened": {
        "en": "an inside coach who is not against us, with a personal or trusted relationship",
        "zh": "与一位不反对我们的内部支持者的关系深入到个人需求层次或个人情感层次",
    },
    "stage_condition.senior-leaders-satisfied": {
        "en": "at least one supportive executive and no opposed executive",
        "zh": "至少有一位高层支持我们，且没有高层反对",
    },
    "stage_condition.more-departments-engaged": {
        "en": "engaged contacts in at least three departments",
        "zh": "在至少三个部门建立关系",
    },
    "stage_condition.senior-leader-reached": {
        "en": "an engaged executive or decision maker",
        "zh": "与高层或核心决策者建立关系",
    },
    "stage_condition.key-people-feelings": {
        "en": (
            "the key people's feelings known (every engaged decision maker and advisor at a personal relationship or "
            "deeper)"
        ),
        "zh": "了解关键人的感受（已接触的核心决策者和辅助决策者都达到个人需求层次或以上）",
    },
    "stage_condition.evaluation-team-leaning": {
        "en": "support from every holder of the six buying roles",
        "zh": "六种采购角色的所有人都倾向于支持我们",
    },
    "stage_condition.evaluators-trusted": {
        "en": "every member of the evaluation team at the highest layer, a trusted relationship",
        "zh": "评估小组每一位成员的关系都达到最高的个人情感层次",
    },
    "stage_condition.commercial-contacts-engaged": {
        "en": "engaged procurement and finance contacts",
        "zh": "与采购和财务人员建立关系",
    },
    "stage_condition.executives-interact": {
        "en": "a customer executive with a personal or trusted relationship with us",
        "zh": "客户高层与我们的关系达到个人需求层次或个人情感层次",
    },
    "stage_advice.handler-identified": {
        "en": (
            "Ask your contacts who will handle this project day to day (the handler, 经手人), put them on the map "
            "tagged handler, and open a business relationship with them: they drive the first three stages."
        ),
        "zh": "向已接触的人打听谁会日常经办这个项目，把经手人补进权力图并标注，再与其建立业务关系：前三个阶段都靠经手人推动。",
    },
    "stage_advice.handler-engaged": {
        "en": (
            "Find the person who handles the project day to day (the handler, 经手人) and open a business "
            "relationship with them: they drive the first three stages."
        ),
        "zh": "找到日常负责这个项目的经手人，并与其建立业务关系：前三个阶段都靠经手人推动。",
    },
    "stage_advice.handler-mid-level": {
        "en": (
            "Check that the handler is the right one: someone at mid level or above, or with real say, who can move "
            "the project; a junior with little say cannot, so ask them to introduce their manager."
        ),
        "zh": "确认经手人是否合适：应是中层或以上、或说话有分量、能推动项目的人；人微言轻的基层员工推不动，请其引荐上级。",
    },
    "stage_advice.handler-personal-needs": {
        "en": (
            "Learn what the handler wants for themselves from this project (recognition, less work, security, "
            "control) and show how we serve it."
        ),
        "zh": "了解经手人在这个项目里的个人诉求（认可、减少工作量、安全感、掌控感），并说明我们如何满足。",
    },
    "stage_advice.handler-bond": {
        "en": (
            "Deepen the relationship with the handler beyond business: time outside meetings, promises kept, help "
            "with what matters to them, until they trust us and tell us what happens inside."
        ),
        "zh": (
            "把与经手人的关系从业务层面深入下去：会议之外多相处、说到做到、帮其解决在意的事，"
            "直到其信任我们并告诉我们内部情况。"
        ),
    },
    "stage_advice.departments-contacted": {
        "en": (
            "Ask the handler to introduce you to the other departments and to the members of the buying team, and "
            "meet each of them."
        ),
        "zh": "请经手人引荐其他部门和采购小组的成员，并逐一拜访。",
    },
    "stage_advice.key-attitudes-known": {
        "en": (
            "Ask the handler and your inside coach how each key person sees the project and us, confirm it in your "
            "own meetings, and record the stance on the map."
        ),
        "zh": "向经手人和内部支持者了解每位关键人物对项目和我们的看法，在自己的拜访中加以确认，并记录在权力图上。",
    },
    "stage_advice.coach-deepened": {
        "en": (
            "Turn the handler or another well-informed contact into an inside coach: meet privately, share what "
            "helps them, and keep the relationship confidential. A coach who doubts us is no inside source: win them "
            "over first, or find another."
        ),
        "zh": (
            "把经手人或其他消息灵通的联系人发展为内部支持者：私下沟通、互利共赢，并对这层关系保密。"
            "对我们心存疑虑的内部支持者提供不了可靠的信息：先争取其支持，或另找一位。"
        ),
    },
    "stage_advice.senior-leaders-satisfied": {
        "en": (
            "Show the senior leaders the outcomes they care about (demonstration, references, business case) and "
            "answer the objections of any opposing executive before the buying criteria are set."
        ),
        "zh": "向高层展示其关心的成果（演示、客户案例、投资回报），并在采购标准确定之前化解反对高层的疑虑。",
    },
    "stage_advice.more-departments-engaged": {
        "en": (
            "Widen the relationship to more departments and people: every department that will use or pay for the "
            "solution needs an engaged contact."
        ),
        "zh": "把关系扩展到更多部门和人员：每个使用或出资的部门都应有已建立关系的联系人。",
    },
    "stage_advice.senior-leader-reached": {
        "en": (
            "Through the handler and your mid-level allies, meet a senior leader or the owner of the evaluation "
            "before the formal proposal."
        ),
        "zh": "在提交正式方案之前，通过经手人和中层盟友拜访一位高层或评估负责人。",
    },
    "stage_advice.key-people-feelings": {
        "en": (
            "Meet each decision maker and advisor one to one and learn how they feel about the project, us and the "
            "competitors; move each relationship to the personal layer."
        ),
        "zh": "与每位核心决策者和辅助决策者单独沟通，了解其对项目、我们和竞争对手的感受，并把关系推进到个人需求层次。",
    },
    "stage_advice.evaluation-team-leaning": {
        "en": (
            "Go through the evaluation team member by member: learn each attitude, answer each concern, and ask your "
            "allies to speak for us in the evaluation."
        ),
        "zh": "逐一梳理评估小组成员：了解每个人的态度、化解每个人的顾虑，并请盟友在评估中为我们说话。",
    },
    "stage_advice.evaluators-trusted": {
        "en": (
            "Evaluators who only see our value to the company follow the scoring sheet; the evaluation is won at "
            "the highest layer. Before the evaluation meeting, deepen each relationship to trust: their own needs "
            "met, and a personal bond."
        ),
        "zh": (
            "只认可企业价值的评估人只会照评分表打分；评估阶段要在最高的个人情感层次上赢得。"
            "请在评估会之前把每个人的关系推进到信任：既满足其个人需求，也建立个人情感纽带。"
        ),
    },
    "stage_advice.commercial-contacts-engaged": {
        "en": (
            "Meet procurement and finance before terms are discussed: learn their budget, approval steps and what "
            "they must show to sign."
        ),
        "zh": "在商务谈判之前拜访采购和财务：了解预算、审批流程以及签约前他们需要提供的依据。",
    },
    "stage_advice.executives-interact": {
        "en": "Arrange a meeting between our executives and theirs to confirm the partnership before signing.",
        "zh": "安排双方高层会面，在签约前确认合作关系。",
    },
    # -- words the gap sentences are made of
    # the punctuation every output joins its texts with, said once: a Chinese text takes full-width marks
    "punct.colon": {"en": ": ", "zh": "："},
    "punct.list_sep": {"en": ", ", "zh": "、"},
    "punct.aside": {"en": "{text} ({aside})", "zh": "{text}（{aside}）"},
    "advice.not_engaged": {"en": "not engaged", "zh": "尚未与我们建立关系"},
    "advice.opposed": {"en": "opposed to us", "zh": "反对我们"},
    "advice.nobody": {"en": "nobody", "zh": "无人"},
    "advice.supporter": {"en": "supporter", "zh": "支持者"},  # the Chinese sentence needs no plural: unused there
    "advice.supporters": {"en": "supporters", "zh": "支持者"},
    "advice.more": {"en": " and {more} more", "zh": "等另外{more}人"},
    # -- how a person is named in a sentence: "Name (Title)", with full-width brackets in Chinese
    "format.person": {"en": "{name} ({about})", "zh": "{name}（{about}）"},
    "format.about_sep": {"en": ", ", "zh": "，"},
    # -- shared words: stages, risk grades, stances, relationships, levels, link kinds, role chips
    "stage.1": {"en": "account planning & call", "zh": "客户规划与电话邀约"},
    "stage.2": {"en": "visit & first research", "zh": "客户拜访与初步调研"},
    "stage.3": {"en": "first proposal", "zh": "提交初步方案"},
    "stage.4": {"en": "demo & technical exchange", "zh": "方案演示与技术交流"},
    "stage.5": {"en": "requirements & formal proposal", "zh": "需求分析与正式方案设计"},
    "stage.6": {"en": "evaluation", "zh": "项目评估"},
    "stage.7": {"en": "negotiation", "zh": "商务谈判"},
    "stage.8": {"en": "signing", "zh": "签约成交"},
    "risk.high": {"en": "high", "zh": "高"},
    "risk.medium": {"en": "medium", "zh": "中"},
    "risk.low": {"en": "low", "zh": "低"},
    # -- why an account has its risk grade, in one line after the grade (docs/methodology.md, "Risk")
    "risk_why.line": {"en": "{grade}: {why}", "zh": "{grade}：{why}"},
    "risk_why.opposed-decider": {"en": "{person}, who decides, opposes us", "zh": "拍板的{person}反对我们"},
    "risk_why.opposed-advisor": {
        "en": "{person}, whose advice the decision maker follows, opposes us",
        "zh": "决策者倚重的{person}反对我们",
    },
    "risk_why.opposed-trusted": {
        "en": "{person}, whom the decision maker trusts, opposes us",
        "zh": "核心决策者信任的{person}反对我们",
    },
    "risk_why.veto": {"en": "{person}, who can veto the deal, opposes us", "zh": "握有否决权的{person}反对我们"},
    "risk_why.divided-loyalty": {
        "en": "{person}, our {role}, also has ties to {competitor}",
        "zh": "我们的{role}{person}同时与{competitor}有往来",
    },
    "risk_why.power-shift": {
        "en": "{person}, new in role, now sits above our champion and is not with us",
        "zh": "新到任的{person}如今位于我们的支持者之上，却还没有站在我们一边",
    },
    "risk_why.unreached": {
        "en": "at stage {stage} nobody has reached the decision maker {person}",
        "zh": "已到第{stage}阶段，仍没有人接触到核心决策者{person}",
    },
    "risk_why.serious": {
        "en": "{count} serious problems, none a deal-killer; the worst: {worst}",
        "zh": "有{count}类严重问题，但没有致命问题；最突出的是：{worst}",
    },
    "risk_why.coverage": {
        "en": "coverage {coverage:.0f}/100 leaves too much of the account unknown or unengaged",
        "zh": "覆盖度只有{coverage:.0f}/100，客户内部还有太多人不了解或没有建立关系",
    },
    "risk_why.worst": {"en": "the worst problem: {worst}", "zh": "最突出的问题：{worst}"},
    "risk_why.one": {
        "en": "no deal-killer; one serious problem to fix: {worst}",
        "zh": "没有致命问题；有一个严重问题需要解决：{worst}",
    },
    "risk_why.none": {"en": "no serious problem on the map", "zh": "权力图上没有严重问题"},
    "risk_why.about": {"en": "{problem}, {person}", "zh": "{problem}，涉及{person}"},
    "stance.-2": {"en": "blocker", "zh": "反对者"},
    "stance.-1": {"en": "skeptic", "zh": "怀疑者"},
    "stance.0": {"en": "neutral", "zh": "中立"},
    "stance.1": {"en": "supporter", "zh": "支持者"},
    "stance.2": {"en": "champion", "zh": "拥护者"},
    "stance.unknown": {"en": "unknown", "zh": "未知"},
    "relationship.0": {"en": "none", "zh": "无"},
    "relationship.1": {"en": "business", "zh": "企业需求"},
    "relationship.2": {"en": "personal", "zh": "个人需求"},
    "relationship.3": {"en": "trusted", "zh": "个人情感"},
    # the plan's sentences ("from business to personal") say 业务 where the map's legend says 业务关系
    "depth.0": {"en": "none", "zh": "无"},
    "depth.1": {"en": "business", "zh": "企业需求"},
    "depth.2": {"en": "personal", "zh": "个人需求"},
    "depth.3": {"en": "trusted", "zh": "个人情感"},
    "level.executive": {"en": "executive", "zh": "高层"},
    "level.mid": {"en": "mid", "zh": "中层"},
    "level.staff": {"en": "staff", "zh": "基层"},
    "link.influences": {"en": "influences", "zh": "影响"},
    "link.trusts": {"en": "trusts", "zh": "信任"},
    "link.allies": {"en": "allies", "zh": "盟友"},
    "link.rivals": {"en": "rivals", "zh": "对立"},
    "link.works_with": {"en": "works with", "zh": "共事"},
    "role_chip.decision_maker": {"en": "DM", "zh": "决策"},
    "role_chip.advisor": {"en": "Advisor", "zh": "辅助决策"},
    "role_chip.initiator": {"en": "Initiator", "zh": "首倡"},
    "role_chip.technical_supporter": {"en": "Tech", "zh": "技术"},
    "role_chip.key_user": {"en": "User", "zh": "使用"},
    "role_chip.inside_coach": {"en": "Coach", "zh": "内线"},
    "role_chip.gatekeeper": {"en": "Gate", "zh": "守门"},
    "role_chip.finance": {"en": "Finance", "zh": "财务"},
    "role_chip.purchaser": {"en": "Buyer", "zh": "采购"},
    "role_chip.influencer": {"en": "Influencer", "zh": "影响"},
    "role_chip.handler": {"en": "Handler", "zh": "经手"},
    "role_chip.legal": {"en": "Legal", "zh": "法务"},
    # -- the analysis as a terminal table, plain text and Markdown
    "note.stage-unknown": {
        "en": "stage unknown: stage rules not checked (give --stage 1-8 or a stage name; see docs/methodology.md §6)",
        "zh": "阶段未知：未检查阶段规则（请用 --stage 给出 1-8 或阶段名称；见 docs/methodology.md §6）",
    },
    "analysis.stage": {"en": "stage", "zh": "阶段"},
    "analysis.as_of": {"en": "as of", "zh": "截至"},
    "analysis.coverage": {"en": "Coverage", "zh": "覆盖度"},
    "analysis.risk": {"en": "Risk", "zh": "风险"},
    "analysis.confidence": {"en": "confidence", "zh": "置信度"},
    "analysis.gaps": {"en": "Gaps", "zh": "缺口"},
    "analysis.none": {
        "en": "No gaps: every check a coach would make passes.",
        "zh": "没有缺口：教练会检查的各项都已满足。",
    },
    "analysis.people": {"en": "Most influential people", "zh": "影响力最大的人"},
    "analysis.severity": {"en": "severity", "zh": "严重度"},
    "analysis.gap": {"en": "gap", "zh": "缺口"},
    "analysis.who": {"en": "who", "zh": "涉及"},
    "analysis.what": {"en": "what and what to do", "zh": "问题与建议"},
    "analysis.name": {"en": "name", "zh": "姓名"},
    "analysis.title": {"en": "title", "zh": "职务"},
    "analysis.level": {"en": "level", "zh": "层级"},
    "analysis.roles": {"en": "roles", "zh": "角色"},
    "analysis.stance": {"en": "stance", "zh": "态度"},
    "analysis.rel": {"en": "rel.", "zh": "关系"},
    "analysis.eff": {"en": "influence", "zh": "影响力"},
    "analysis.rank": {"en": "#", "zh": "#"},
    "analysis.parts": {"en": "points", "zh": "得分构成"},
    # the points line's short names of the score's parts (the report's table names them in full: report.parts)
    "analysis.part.roles": {"en": "roles", "zh": "角色"},
    "analysis.part.decision": {"en": "decision", "zh": "决策者"},
    "analysis.part.support": {"en": "support", "zh": "支持"},
    "analysis.part.breadth": {"en": "breadth", "zh": "覆盖面"},
    "analysis.part.threads": {"en": "threads", "zh": "多线关系"},
    "analysis.part.mid_level": {"en": "mid-level", "zh": "中层盟友"},
    # -- the interactive map's page
    "map.coverage": {"en": "coverage", "zh": "覆盖度"},
    "map.risk": {"en": "risk", "zh": "风险"},
    "map.stage": {"en": "stage", "zh": "阶段"},
    "map.as_of": {"en": "as of", "zh": "截至"},
    "map.people": {"en": "people", "zh": "人"},
    "map.redacted": {"en": "redacted", "zh": "已脱敏"},
    "map.redacted_note": {
        "en": "notes, owners, competitor leanings and the inside-coach role are left out of this file",
        "zh": "本文件不含备注、我方负责人、竞争对手倾向和内部支持者角色",
    },
    "map.find": {"en": "Find a person", "zh": "查找联系人"},
    "map.find_hint": {"en": "name or title", "zh": "姓名或职务"},
    "map.layout": {"en": "Layout", "zh": "布局"},
    "map.tree": {"en": "Org chart", "zh": "组织结构"},
    "map.free": {"en": "Free (physics)", "zh": "自由（物理）"},
    "map.fit": {"en": "Fit", "zh": "全图"},
    "map.filter": {"en": "Filter", "zh": "筛选"},
    "map.role": {"en": "Role", "zh": "角色"},
    "map.stance": {"en": "Stance", "zh": "态度"},
    "map.department": {"en": "Department", "zh": "部门"},
    "map.all_departments": {"en": "all departments", "zh": "全部部门"},
    "map.gaps": {"en": "Gaps", "zh": "缺口"},
    "map.ring": {"en": "ring people named in high-severity gaps", "zh": "标出高严重度缺口涉及的人"},
    "map.legend": {"en": "Legend", "zh": "图例"},
    "map.reports_to": {"en": "reports to", "zh": "汇报关系"},
    "map.influence_bar": {
        "en": "bar along a card's top: effective influence (full: the most influential)",
        "zh": "卡片顶部的横条：实际影响力（满格为影响力最大者）",
    },
    "map.fold_hint": {
        "en": "Departments are folded: click one to open it, double-click a person to fold their department again.",
        "zh": "各部门已折叠：单击部门展开，双击某人可再次折叠其部门。",
    },
    "map.card_hint": {"en": "How to read a card", "zh": "如何看卡片"},
    "map.page_title": {"en": "{name}: power map", "zh": "{name}：权力图"},
    "map.legend_hint": {
        "en": (
            "Left band and sign: stance. Border width: relationship depth; dashed grey card with a crossed circle: "
            "not engaged. Chips: buying roles. Round badge: our owner's initials. Red frame: named in a "
            "high-severity gap. Arrows point the way influence flows. Zoomed out, the key people are named over their "
            "cards, each department's head under the department's name."
        ),
        "zh": (
            "左侧色条与符号：态度。边框粗细：关系深度；灰色虚线卡片加斜线圆圈：尚未建立关系。标签：采购角色。"
            "圆形徽章：我方负责人姓名缩写。红框：高严重度缺口涉及的人。箭头指向影响力流动的方向。"
            "缩小查看时，关键人物的姓名显示在其卡片上方，各部门负责人的姓名上方标出部门名称。"
        ),
    },
    "map.n_of_m": {"en": "{n} of {m} people", "zh": "显示 {n} / {m} 人"},
    "map.not_engaged": {"en": "not engaged", "zh": "尚未建立关系"},
    "map.engaged": {"en": "engaged", "zh": "已建立关系"},
    "map.free_too_big": {
        "en": "The free layout is offered up to {n} people; physics does not settle on larger maps.",
        "zh": "自由布局仅适用于 {n} 人以内的图；更大的图物理模拟无法稳定。",
    },
    "map.no_role": {"en": "no buying role", "zh": "无采购角色"},
    "map.no_department": {"en": "(no department)", "zh": "（无部门）"},
    "map.influence": {"en": "Influence", "zh": "影响力"},
    "map.effective": {"en": "effective", "zh": "实际"},
    "map.relationship": {"en": "Relationship", "zh": "关系"},
    "map.owner": {"en": "Owner", "zh": "我方负责人"},
    "map.leans_to": {"en": "Leans to", "zh": "倾向"},
    "map.last_contact": {"en": "Last contact", "zh": "最近联系"},
    "map.notes": {"en": "Notes", "zh": "备注"},
    "map.gap": {"en": "Gap", "zh": "缺口"},
    "map.supporters": {"en": "supporters", "zh": "支持者"},
    "map.flagged": {"en": "named in high-severity gaps", "zh": "人涉及高严重度缺口"},
    "map.open": {"en": "Click to open", "zh": "单击展开"},
    "map.match_one": {"en": "1 person matches", "zh": "找到 1 人"},
    "map.match_many": {"en": "{n} people match", "zh": "找到 {n} 人"},
    "map.plan": {"en": "Plan", "zh": "行动计划"},
    "map.plan_none": {
        "en": "No action the analysis can see makes the map better.",
        "zh": "分析已看不到能让权力图更好的行动。",
    },
    "too_large.map": {
        "en": (
            "{people:,} people: the interactive map holds at most {limit:,} (a bigger page does not open in a "
            "browser, and building it exhausts memory); split the file by department or account, or read every score "
            "with `powermap analyze --format json`"
        ),
        "zh": (
            "{people:,} 人：交互式地图最多容纳 {limit:,} 人（再多浏览器打不开，生成时也会耗尽内存）；"
            "请按部门或客户拆分文件，或用 `powermap analyze --format json` 查看全部得分"
        ),
    },
    # -- the static org chart
    "chart.heading": {
        "en": "{name}: coverage {coverage}/100, risk {risk}",
        "zh": "{name}：覆盖度 {coverage}/100，风险 {risk}",
    },
    "chart.heading_part": {"en": "{name}: {department}", "zh": "{name}：{department}"},
    "chart.key": {
        "en": (
            "key people: {n} of {m} (decision makers, role holders, people in gaps and the managers between them); "
            "the grey boxes count the others in each department; --focus all for everyone"
        ),
        "zh": (
            "关键人物：{m} 人中的 {n} 人（核心决策者、角色担任者、缺口涉及的人及其间的上级）；"
            "灰框内为各部门其余人数；--focus all 显示全部"
        ),
    },
    "chart.key_report": {
        "en": (
            "key people: {n} of {m} (decision makers, role holders, people in gaps and the managers between them); "
            "the grey boxes count the others in each department"
        ),
        "zh": "关键人物：{m} 人中的 {n} 人（核心决策者、角色担任者、缺口涉及的人及其间的上级）；灰框内为各部门其余人数",
    },
    "chart.folded": {"en": "+{n} more", "zh": "另有 {n} 人"},
    "chart.folded_high": {"en": "{n} in a high gap", "zh": "{n} 人涉及高严重度缺口"},
    "chart.no_department": {"en": "no department", "zh": "未填部门"},
    "chart.everyone": {"en": "everyone in the department: {n}", "zh": "本部门全部 {n} 人"},
    "chart.shared": {
        "en": "everyone in these departments, under the managers they report to: {n} people",
        "zh": "以上各部门的全部人员（含其直属上级）：{n} 人",
    },
    "chart.part": {"en": "page {k} of {of}: {n} people", "zh": "第 {k} 页，共 {of} 页：{n} 人"},
    "chart.links_thinned": {
        "en": "links: the {n:,} strongest of {m:,} drawn (the interactive map shows them all)",
        "zh": "关系：{m:,} 条中只画出最强的 {n:,} 条（交互式地图显示全部）",
    },
    "chart.not_engaged": {"en": "not engaged", "zh": "尚未建立关系"},
    "chart.gap": {"en": "named in a high-severity gap", "zh": "高严重度缺口涉及的人"},
    "chart.reports": {"en": "reports to", "zh": "汇报关系"},
    "chart.trusts": {
        "en": "trusted by (arrow: who is trusted -> who trusts)",
        "zh": "信任（箭头由被信任者指向信任者）",
    },
    "chart.stance_unknown": {"en": "stance unknown", "zh": "态度未知"},
    "too_large.chart": {
        "en": (
            "{people:,} people in {levels:,} reporting levels: a static org chart draws at most {max_people:,} "
            "people and {max_levels} levels (more is unreadable and takes minutes); use `powermap html` for an "
            "interactive map you can zoom and filter"
        ),
        "zh": (
            "{people:,} 人、{levels:,} 层汇报关系：静态组织图最多画 {max_people:,} 人、{max_levels} "
            "层（更多既看不清，也要画几分钟）；请用 `powermap html` 生成可缩放、可筛选的交互式权力图"
        ),
    },
    # -- the buying roles by status (role grid) and influence against support (quadrant)
    "grid.columns.supporter": {"en": "engaged,\nsupporter", "zh": "已建立关系，\n支持"},
    "grid.columns.neutral": {"en": "engaged,\nneutral", "zh": "已建立关系，\n中立"},
    "grid.columns.opposed": {"en": "engaged,\nopposed", "zh": "已建立关系，\n反对"},
    "grid.columns.unknown": {"en": "engaged,\nstance unknown", "zh": "已建立关系，\n态度未知"},
    "grid.columns.not_engaged": {"en": "not engaged", "zh": "尚未建立关系"},
    "grid.missing": {"en": "missing: nobody holds this role", "zh": "缺失：无人担任此角色"},
    "grid.title": {"en": "{name}: buying roles by status", "zh": "{name}：采购角色状态"},
    "quadrant.unnamed": {
        "en": "{n} more not named where their names would overlap",
        "zh": "另有 {n} 人因名字重叠未标注",
    },
    "quadrant.title": {
        "en": "{name}: influence against support (size = relationship depth)",
        "zh": "{name}：影响力与支持度（大小 = 关系深度）",
    },
    "quadrant.x": {"en": "effective influence (0-1)", "zh": "实际影响力（0-1）"},
    "quadrant.leverage": {"en": "leverage: influential supporters", "zh": "借力：有影响力的支持者"},
    "quadrant.convert": {
        "en": "convert or contain: influential, not with us",
        "zh": "转化或牵制：有影响力、尚未站在我方",
    },
    "quadrant.build": {"en": "build up: supporters with little weight", "zh": "培养：影响力较小的支持者"},
    "quadrant.inform": {"en": "keep informed", "zh": "保持知会"},
    "quadrant.neutral": {"en": "neutral\n(or unknown)", "zh": "中立\n（或未知）"},
    # -- the coach's report
    "report.report": {"en": "Coach's report", "zh": "教练报告"},
    "report.prepared": {"en": "prepared", "zh": "生成于"},
    "report.risk_points": {"en": "risk points", "zh": "风险分"},
    "report.confidence_note": {"en": "share of key facts known", "zh": "关键信息已知的比例"},
    "report.score_made": {"en": "How the coverage score is made", "zh": "覆盖度得分构成"},
    "report.part": {"en": "part", "zh": "组成部分"},
    "report.points": {"en": "points", "zh": "得分"},
    "report.of": {"en": "of", "zh": "满分"},
    "report.figures": {"en": "Coverage figures", "zh": "覆盖情况"},
    "report.of_n": {"en": "of", "zh": "/"},
    "report.map": {"en": "Interactive map", "zh": "交互式权力图"},
    "report.map_note": {
        "en": (
            "Hover a person for details; filter, search and click a gap to find its people. (Left out when printed: "
            "the org chart above stands in for it.)"
        ),
        "zh": "悬停查看详情；可筛选、搜索，点击缺口可找到相关人员。（打印时省略，以上方组织结构图代替。）",
    },
    "report.footer": {
        "en": (
            "Made by powermap from {n} contacts. Scores and gaps follow the rules documented with powermap; they are "
            "a coach's checklist, not a forecast."
        ),
        "zh": "由 powermap 根据 {n} 位联系人生成。得分与缺口遵循 powermap 文档中的规则，是教练的检查清单，而非预测。",
    },
    "report.parts.roles": {"en": "buying roles engaged", "zh": "已建立关系的采购角色"},
    "report.parts.decision": {"en": "decision makers engaged and supportive", "zh": "核心决策者的关系与支持"},
    "report.parts.support": {"en": "influence-weighted support", "zh": "按影响力加权的支持"},
    "report.parts.breadth": {"en": "levels and departments engaged", "zh": "覆盖的层级与部门"},
    "report.parts.threads": {
        "en": "threads (engaged contacts, owners)",
        "zh": "关系线索（已建立关系的人数、我方负责人）",
    },
    "report.parts.mid_level": {"en": "mid-level allies", "zh": "中层盟友"},
    "report.figure_labels.contacts": {"en": "people on the map", "zh": "图中人数"},
    "report.figure_labels.engaged": {"en": "engaged (relationship 1 or more)", "zh": "已建立关系（关系 1 及以上）"},
    "report.figure_labels.stances": {"en": "supporters / opposed / stance unknown", "zh": "支持 / 反对 / 态度未知"},
    "report.figure_labels.roles": {
        "en": "buying roles held / engaged / supportive (of 6)",
        "zh": "采购角色：有人担任 / 已建立关系 / 支持（共 6 种）",
    },
    "report.figure_labels.decision_makers": {"en": "decision makers engaged", "zh": "已建立关系的核心决策者"},
    "report.figure_labels.mid_level_allies": {"en": "mid-level allies", "zh": "中层盟友"},
    "report.figure_labels.levels": {"en": "levels engaged (of 3)", "zh": "覆盖的层级（共 3 层）"},
    "report.figure_labels.departments": {"en": "departments engaged", "zh": "已建立关系的部门"},
    "report.figure_labels.threads": {"en": "threads / owners on our side", "zh": "关系线索 / 我方负责人"},
    "report.figure_labels.support": {
        "en": "influence-weighted support / opposition",
        "zh": "按影响力加权的支持 / 反对",
    },
    "report.charts.org.title": {"en": "Org chart", "zh": "组织结构图"},
    "report.charts.org.caption": {
        "en": (
            "Band and sign: stance. Border: relationship depth; dashed grey: not engaged. Chips: buying roles. Red "
            "frame: named in a high-severity gap."
        ),
        "zh": "色条与符号：态度。边框：关系深度；灰色虚线：尚未建立关系。标签：采购角色。红框：高严重度缺口涉及的人。",
    },
    "report.charts.roles.title": {"en": "Buying roles by status", "zh": "采购角色状态"},
    "report.charts.roles.caption": {
        "en": "Who holds each of the six roles, and whether we engage them.",
        "zh": "六种采购角色由谁担任，以及我们是否已与其建立关系。",
    },
    "report.charts.support.title": {"en": "Influence against support", "zh": "影响力与支持度"},
    "report.charts.support.caption": {
        "en": "The people on the right can move the decision; the top half favour us.",
        "zh": "右侧的人能左右决策；上半部分的人支持我们。",
    },
    "report.plan.note": {
        "en": "In order of work: each action is scored by re-running the analysis on the map the earlier ones made.",
        "zh": "按执行顺序排列：每个行动都在前面各行动完成后的权力图上重新分析评估。",
    },
    "report.plan.none": {
        "en": "No action the analysis can see makes the map better.",
        "zh": "分析已看不到能让权力图更好的行动。",
    },
    # -- the plan: its table and the sentence of each action
    "plan.title": {"en": "Plan: the next moves", "zh": "行动计划：下一步"},
    "plan.coverage": {"en": "coverage", "zh": "覆盖度"},
    "plan.risk": {"en": "risk", "zh": "风险"},
    "plan.rank": {"en": "#", "zh": "#"},
    "plan.action": {"en": "action", "zh": "行动"},
    "plan.who": {"en": "who acts", "zh": "由谁执行"},
    "plan.resolves": {"en": "resolves", "zh": "解决"},
    "plan.after": {"en": "coverage / risk after", "zh": "之后的覆盖度 / 风险"},
    "plan.cost": {"en": "cost", "zh": "成本"},
    "plan.none": {
        "en": "Nothing left to do that the analysis can see: every action tried leaves the map no better.",
        "zh": "分析已看不到可以改进的行动：尝试过的每个行动都不会让权力图更好。",
    },
    "plan.opens": {"en": "opens", "zh": "新增"},
    "plan.changes": {"en": "changes", "zh": "转为"},
    "plan.fewer": {
        "en": "Only {n} of the {steps} steps asked: no other action the analysis can see makes the map better.",
        "zh": "只找到{n}步（要求{steps}步）：分析已看不到其他能让权力图更好的行动。",
    },
    "plan.note": {
        "en": "Each step is scored on the map the earlier steps made.",
        "zh": "每一步都是在前面各步完成后的权力图上评估的。",
    },
    "action.ask": {"en": "Ask {a} to bring us to {t}", "zh": "请{a}引荐我们认识{t}"},
    "action.through": {"en": " through {b}", "zh": "（经由{b}）"},
    "action.stale_via": {
        "en": "; {a} last heard from us {d} days ago: call them first",
        "zh": "；与{a}上次联系已是{d}天前，请先恢复联系",
    },
    "action.lever": {"en": ", whom {o} listens to", "zh": "，{o}听取此人的意见"},
    "action.gate": {"en": ", the way in to {o}", "zh": "，这是接触{o}的必经之路"},
    "action.cold": {"en": "no warm path: cold approach through {r}", "zh": "没有熟人引荐：通过{r}直接接触"},
    "action.engage_cold": {"en": "Engage {t}: {cold}", "zh": "接触{t}：{cold}"},
    "action.deepen": {
        "en": "Deepen the relationship with {t} from {f} to {to}",
        "zh": "将与{t}的关系从{f}加深到{to}",
    },
    "action.convert_via": {
        "en": "Ask {a} to help win {t} over ({f} to {to})",
        "zh": "请{a}帮助争取{t}（从{f}到{to}）",
    },
    "action.convert": {
        "en": "Win {t} over ({f} to {to}){lever}: no ally of ours reaches them",
        "zh": "争取{t}（从{f}到{to}）{lever}：我方盟友中无人能影响此人",
    },
    "action.neutralise_via": {
        "en": "Ask {a} to bring {t} round: hear out and answer the objections until they are at least neutral",
        "zh": "请{a}做{t}的工作：倾听并回应其顾虑，至少使其转为中立",
    },
    "action.neutralise": {
        "en": "Meet {t} to hear out and answer the objections until they are at least neutral",
        "zh": "约见{t}，倾听并回应其顾虑，至少使其转为中立",
    },
    "action.refresh": {
        "en": "Meet {t} again: the last contact was {d} days ago",
        "zh": "再次拜访{t}：上次联系已是{d}天前",
    },
    # a grouped step: one meeting with several people ({names} their names, {where} their department)
    "action.group_where": {"en": " in {d}", "zh": "{d}的"},
    "action.group_ask": {
        "en": "Ask {a} to bring us to the {k} people{where} together ({names})",
        "zh": "请{a}一并引荐我们认识{where}{k}位人员（{names}）",
    },
    "action.group_engage_cold": {
        "en": "Meet the {k} people{where} together ({names}){gate}: {cold}",
        "zh": "一并会见{where}{k}位人员（{names}）{gate}：{cold}",
    },
    "action.group_deepen": {
        "en": "Meet the {k} people{where} together ({names}) and deepen each relationship to {to}",
        "zh": "一并会见{where}{k}位人员（{names}），将每段关系加深到{to}",
    },
    "action.group_convert": {
        "en": "Meet the {k} people{where} together ({names}) and win each of them one step towards us",
        "zh": "一并会见{where}{k}位人员（{names}），争取每人向我方靠近一步",
    },
    "action.group_neutralise": {
        "en": "Meet the {k} opponents{where} together ({names}): hear out and answer the objections until each is "
        "at least neutral",
        "zh": "一并约见{where}{k}位反对者（{names}）：倾听并回应其顾虑，至少使每人转为中立",
    },
    "action.group_via": {"en": "; ask {a} to bring them", "zh": "；请{a}引荐"},
    # a line: the people a step would go around ({m}: their manager, or the managers from the top) met first,
    # who bring us to the others ({t})
    "action.line_ask": {
        "en": "Ask {a} to bring us to {m} and, with them, to {t}",
        "zh": "请{a}引荐我们认识{m}，再由其引荐{t}",
    },
    "action.line_cold": {"en": "Meet {m} and, with them, {t}: {cold}", "zh": "会见{m}，并由其引荐{t}：{cold}"},
    "action.find": {"en": "Find {article} {role} in {dept}", "zh": "在{dept}寻找一位{role}"},
    "action.find_nowhere": {"en": "Find {article} {role}", "zh": "寻找一位{role}"},
    "action.find_the": {"en": "Find the {role} in {dept}", "zh": "在{dept}找到本项目的{role}"},
    "action.arm": {
        "en": "Make {t} our initiator: arm them with product material and success cases to promote us inside",
        "zh": "把{t}培养为我们的首倡者：为其提供产品资料和成功案例，让其在内部推荐我们",
    },
    "action.second": {
        "en": "Add {m} as a second owner of the account, starting with {t}",
        "zh": "让{m}成为本客户的第二位负责人，先从{t}开始",
    },
    "action.department": {"en": "the {d} department", "zh": "{d}"},
    "action.front_door": {"en": "their own office", "zh": "其本人办公室"},
    "action.to_find": {"en": "(to find) {label}", "zh": "（待寻找）{label}"},
    "action.second_seller": {"en": "a second seller", "zh": "另一位销售"},
    # -- history and diffs of a store, and the report's "Since last review"
    "history.history": {"en": "History of {account}", "zh": "{account} 的历史"},
    "history.date": {"en": "date", "zh": "日期"},
    "history.people": {"en": "people", "zh": "人数"},
    "history.coverage": {"en": "coverage", "zh": "覆盖度"},
    "history.risk": {"en": "risk", "zh": "风险"},
    "history.gaps": {"en": "gaps", "zh": "缺口数"},
    "history.source": {"en": "source", "zh": "来源文件"},
    "history.trend": {"en": "coverage over time", "zh": "覆盖度走势"},
    "history.diff": {"en": "{account}: {before} → {after}", "zh": "{account}：{before} → {after}"},
    "history.added": {"en": "people added", "zh": "新增人员"},
    "history.removed": {"en": "people removed", "zh": "移除人员"},
    "history.changed": {"en": "changes", "zh": "变化"},
    "history.field": {"en": "field", "zh": "字段"},
    "history.before": {"en": "before", "zh": "之前"},
    "history.after": {"en": "after", "zh": "之后"},
    "history.person": {"en": "person", "zh": "人员"},
    "history.id": {"en": "id", "zh": "编号"},
    "history.who": {"en": "people", "zh": "涉及人员"},
    "history.gap": {"en": "gap", "zh": "缺口"},
    "history.severity": {"en": "severity", "zh": "严重度"},
    "history.role": {"en": "role", "zh": "角色"},
    "history.condition": {"en": "stage condition", "zh": "阶段条件"},
    "history.source_person": {"en": "from", "zh": "从"},
    "history.target_person": {"en": "to", "zh": "到"},
    "history.kind": {"en": "kind", "zh": "关系类型"},
    "history.weight": {"en": "weight", "zh": "强度"},
    "history.links_added": {"en": "links added", "zh": "新增关系"},
    "history.links_removed": {"en": "links removed", "zh": "移除关系"},
    "history.opened": {"en": "gaps opened", "zh": "新出现的缺口"},
    "history.closed": {"en": "gaps closed", "zh": "已关闭的缺口"},
    "history.gap_changed": {"en": "gaps with other people", "zh": "涉及人员有变的缺口"},
    "history.nothing": {"en": "nothing changed", "zh": "没有变化"},
    "history.empty": {"en": "(empty)", "zh": "（空）"},
    "history.fields.stance": {"en": "stance", "zh": "态度"},
    "history.fields.relationship": {"en": "relationship", "zh": "关系"},
    "history.fields.influence": {"en": "influence", "zh": "影响力"},
    "history.fields.level": {"en": "level", "zh": "层级"},
    "history.fields.roles": {"en": "roles", "zh": "角色"},
    "history.fields.reports_to": {"en": "reports to", "zh": "上级"},
    "history.fields.owner": {"en": "owner", "zh": "负责人"},
    "history.fields.last_contact": {"en": "last contact", "zh": "最后联系"},
    "history.fields.competitor": {"en": "competitor", "zh": "竞争对手"},
    "history.fields.title": {"en": "title", "zh": "职务"},
    "history.fields.department": {"en": "department", "zh": "部门"},
    "review.title": {"en": "Since last review", "zh": "自上次评审以来"},
    "review.first": {
        "en": "This is the first snapshot of {account} in the store: no earlier review to compare with.",
        "zh": "这是 {account} 在存储中的第一份快照，没有可比较的上次评审。",
    },
    "review.compared": {"en": "Compared with the snapshot of {date}.", "zh": "与 {date} 的快照相比。"},
    "review.chart": {"en": "Coverage over time", "zh": "覆盖度走势"},
    "review.chart_note": {
        "en": (
            "Each point is a saved snapshot; the last one is this report. Bands: high, medium and low risk by "
            "coverage alone."
        ),
        "zh": "每个点是一份已保存的快照，最后一个点是本报告。色带：仅按覆盖度划分的高、中、低风险。",
    },
    "review.no_change": {"en": "Nothing changed in the people, links or gaps.", "zh": "人员、关系和缺口都没有变化。"},
    "review.opened": {"en": "Gaps opened", "zh": "新出现的缺口"},
    "review.closed": {"en": "Gaps closed", "zh": "已关闭的缺口"},
    # -- what was read from a file (validate, analyze)
    "reading.read_as": {"en": "read as", "zh": "读取为"},
    "reading.detected": {"en": "recognised from the headers", "zh": "由表头识别"},
    "reading.forced": {"en": "as --from says", "zh": "按 --from 指定"},
    "reading.columns": {"en": "columns", "zh": "列"},
    "reading.unmapped": {"en": "values not mapped", "zh": "未能对应的取值"},
    "reading.nearest": {"en": "nearest known value", "zh": "最接近的已知取值"},
    "reading.rows": {"en": "rows", "zh": "行"},
    "reading.notes": {"en": "notes", "zh": "说明"},
    "reading.warning": {"en": "warning", "zh": "警告"},
    "reading.unused": {"en": "columns not used", "zh": "未使用的列"},
    # powermap activity: what an activity log held
    "activity.title": {"en": "Activity read", "zh": "已读取的活动记录"},
    "activity.rows": {"en": "touch rows", "zh": "接触记录行数"},
    "activity.counted": {"en": "counted", "zh": "计入"},
    "activity.contacts": {"en": "contacts touched", "zh": "接触到的联系人"},
    "activity.last_touch": {"en": "last touch", "zh": "最近一次接触"},
    "activity.by_source": {"en": "by source", "zh": "按来源"},
    "activity.by_team": {"en": "by team member", "zh": "按团队成员"},
    "activity.by_week": {"en": "by week", "zh": "按周"},
    "activity.unmatched": {"en": "not matched to a contact", "zh": "未对应到联系人"},
    "activity.not_counted": {"en": "not counted", "zh": "未计入"},
    "activity.none": {"en": "none", "zh": "无"},
    "activity.match.nobody": {"en": "nobody attached", "zh": "未关联任何人"},
    "activity.match.unknown": {"en": "unknown person of this account", "zh": "本客户中未列出的人"},
    "activity.match.other-account": {"en": "another account's person", "zh": "其他客户的人"},
    "activity.reason.open": {"en": "open", "zh": "未完成"},
    "activity.reason.declined": {"en": "declined", "zh": "已谢绝"},
    "activity.reason.cancelled": {"en": "cancelled", "zh": "已取消"},
    "activity.reason.not-held": {"en": "not held", "zh": "未进行"},
    "activity.reason.note": {"en": "a note, not a touch", "zh": "备注，不算接触"},
    "activity.reason.after-as-of": {"en": "after the map's date", "zh": "晚于分析日期"},
    "activity.reason.no-date": {"en": "no date", "zh": "无日期"},
    "activity.reason.duplicate": {"en": "the same activity twice", "zh": "同一活动重复"},
    "reading.spill_failed": {
        "en": (
            "the temporary folder {folder} could not hold the sort by account ({why}), so the file was read whole "
            "in memory; free space there or set TMPDIR to a folder with room"
        ),
        "zh": "临时文件夹 {folder} 无法容纳按客户排序的中间文件（{why}），因此整个文件在内存中读取；请腾出空间，或把 TMPDIR 设为有空间的文件夹",
    },
    # -- an output that cannot be written
    "output_error.folder": {"en": "cannot create the folder {folder}: {why}", "zh": "无法创建文件夹 {folder}：{why}"},
    "output_error.is_folder": {"en": "is a folder: give a file name", "zh": "这是一个文件夹：请给出文件名"},
    "output_error.name_too_long": {
        "en": "the file name is {length} bytes long and this folder takes at most {limit}: choose a shorter name",
        "zh": "文件名长 {length} 字节，此文件夹最多允许 {limit} 字节：请换一个短一些的文件名",
    },
    "output_error.no_temp": {"en": "cannot write in {folder}: {why}", "zh": "无法在 {folder} 中写入：{why}"},
    "output_error.failed": {
        "en": "not written ({why}); any previous file there is unchanged",
        "zh": "未写入（{why}）；原有文件（如有）保持不变",
    },
    "output_error.is_input": {
        "en": "is the input file {other}: writing it would destroy the input; choose another output name",
        "zh": "这是输入文件 {other}：写入会毁掉输入；请换一个输出文件名",
    },
    "output_error.is_store": {
        "en": "is the snapshot store {other}: writing it would destroy every snapshot in it; choose another output name",
        "zh": "这是快照库 {other}：写入会毁掉其中所有快照；请换一个输出文件名",
    },
    "output_error.twice": {
        "en": "is also the output {other}: give each output its own file",
        "zh": "也是输出 {other}：每个输出请用单独的文件",
    },
    "output_error.cannot_write": {"en": "cannot write {what}", "zh": "无法写入 {what}"},
    # -- the contacts template's notes on each column
    "template.prompts.id": {"en": "Unique text or number", "zh": "唯一的编号"},
    "template.prompts.name": {"en": "Required", "zh": "必填"},
    "template.prompts.reports_to": {
        "en": "The id of this person's manager; empty at the top",
        "zh": "此人上级的编号；最高层留空",
    },
    "template.prompts.roles": {
        "en": "One or more, separated by ; (e.g. key user; gatekeeper)",
        "zh": "一个或多个，用 ; 分隔（如 关键使用者; 守门人）",
    },
    "template.prompts.last_contact": {"en": "A date, e.g. 2026-11-02", "zh": "日期，如 2026-11-02"},
    "template.prompts.influence": {
        "en": "1 (low) to 5 (high); empty = unknown",
        "zh": "1（低）到 5（高）；空 = 未知",
    },
    "template.prompts.stance": {"en": "Towards us; empty = unknown", "zh": "对我们的态度；空 = 未知"},
    "template.prompts.relationship": {
        "en": "How deep our relationship is; empty = none",
        "zh": "我们与此人的关系深度；空 = 无",
    },
    "template.choose": {"en": "Choose one of: ", "zh": "请选择："},
    # -- what a command says when it has written its file
    "done.analysis": {
        "en": "{out}: analysis of {account} ({people}, {gaps})",
        "zh": "{out}：{account}的分析（{people}，{gaps}）",
    },
    "done.chart": {"en": "{out}: org chart of {people}", "zh": "{out}：{people}的组织结构图"},
    "done.map": {"en": "{out}: interactive map of {people}", "zh": "{out}：{people}的交互式权力图"},
    "done.map_redacted": {
        "en": "{out}: interactive map of {people} (redacted)",
        "zh": "{out}：{people}的交互式权力图（已脱敏）",
    },
    "done.report": {
        "en": "{out}: coach's report on {account} ({people})",
        "zh": "{out}：{account}的教练报告（{people}）",
    },
    "done.template": {
        "en": "{out}: blank contacts sheet with one example row; fill it in, then `powermap analyze {out}`",
        "zh": "{out}：空白联系人表，含一行示例；填写后运行 `powermap analyze {out}`",
    },
    "done.scored": {"en": "{n} accounts scored, {skipped} skipped", "zh": "已评分 {n} 个客户，跳过 {skipped} 个"},
    "done.engine": {"en": " ({engine})", "zh": "（{engine}）"},
    # the pipeline's review after ``powermap portfolio`` (powermap.render.review_text)
    "review.risk": {"en": "Risk", "zh": "风险"},
    "review.risk_count": {"en": "{n} {risk} ({share})", "zh": "{risk} {n} 个（{share}）"},
    "review.gaps": {"en": "Most common gaps", "zh": "最常见的缺口"},
    "review.gap": {"en": "gap", "zh": "缺口"},
    "review.accounts": {"en": "accounts", "zh": "客户数"},
    "review.riskiest": {"en": "Riskiest deals, latest stage first", "zh": "风险最高的项目（阶段靠后的在前）"},
    "review.account": {"en": "account", "zh": "客户"},
    "review.name": {"en": "name", "zh": "名称"},
    "review.stage": {"en": "stage", "zh": "阶段"},
    "review.coverage": {"en": "coverage", "zh": "覆盖度"},
    "review.risk_column": {"en": "risk", "zh": "风险"},
    "review.n_gaps": {"en": "gaps", "zh": "缺口"},
    "review.action": {"en": "first action", "zh": "第一步"},
    "review.change": {"en": "change", "zh": "变化"},
    "review.since": {"en": "Since {date}", "zh": "自 {date} 以来"},
    "review.move.riskier": {"en": "{n} riskier", "zh": "风险升高 {n} 个"},
    "review.move.safer": {"en": "{n} safer", "zh": "风险降低 {n} 个"},
    "review.move.same": {"en": "{n} the same", "zh": "不变 {n} 个"},
    "review.move.new": {"en": "{n} not stored before", "zh": "此前未保存 {n} 个"},
    "review.actions": {"en": "Their first actions (the plan's step 1)", "zh": "各项目的第一步（计划的第 1 步）"},
    "done.model": {
        "en": "{out}: {kind} model of {n} closed accounts; card: {card}",
        "zh": "{out}：基于 {n} 个已结单客户的{kind}模型；说明卡：{card}",
    },
    "done.model_kind.logistic": {"en": "logistic", "zh": "逻辑回归"},
    "done.model_kind.gbm": {"en": "gbm", "zh": "梯度提升树"},
    "done.model_report": {"en": "{out}: ROC, calibration and effects", "zh": "{out}：ROC 曲线、校准曲线与影响因素"},
    "done.model_used": {
        "en": "win_probability and drivers from {model} ({kind} model trained {date} on {n} closed accounts, "
        "cross-validated ROC AUC {auc})",
        "zh": "win_probability 与 drivers 来自 {model}（{date} 基于 {n} 个已结单客户训练的{kind}模型，交叉验证 ROC AUC {auc}）",
    },
    # counts with their noun, singular and plural (Chinese has one form)
    "count.people.one": {"en": "{n} person", "zh": "{n}人"},
    "count.people.many": {"en": "{n} people", "zh": "{n}人"},
    "count.gaps.one": {"en": "{n} gap", "zh": "{n}个缺口"},
    "count.gaps.many": {"en": "{n} gaps", "zh": "{n}个缺口"},
    "count.engaged_contacts.one": {"en": "{n} engaged contact", "zh": "{n}位已建立关系的联系人"},
    "count.engaged_contacts.many": {"en": "{n} engaged contacts", "zh": "{n}位已建立关系的联系人"},
    # -- the win model: its features, and the figures of its evaluation
    "learn.features.contacts": {"en": "contacts on the map", "zh": "地图上的联系人"},
    "learn.features.threads": {"en": "engaged contacts", "zh": "已建立关系的联系人"},
    "learn.features.owners": {"en": "our people holding them", "zh": "负责这些关系的我方人员"},
    "learn.features.levels_engaged": {"en": "levels engaged", "zh": "已覆盖的层级"},
    "learn.features.departments_engaged": {"en": "departments engaged", "zh": "已覆盖的部门"},
    "learn.features.mid_level_allies": {"en": "mid-level allies", "zh": "中层盟友"},
    "learn.features.supporters": {"en": "supporters", "zh": "支持者"},
    "learn.features.opposed": {"en": "opposed contacts", "zh": "反对我们的联系人"},
    "learn.features.support_share": {"en": "influence-weighted support", "zh": "按影响力加权的支持"},
    "learn.features.opposition_share": {"en": "influence-weighted opposition", "zh": "按影响力加权的反对"},
    "learn.features.confidence": {"en": "confidence in the map", "zh": "权力图的置信度"},
    "learn.features.engaged_initiator": {"en": "engaged initiator", "zh": "已建立关系的首倡者"},
    "learn.features.engaged_key_user": {"en": "engaged key user", "zh": "已建立关系的关键使用者"},
    "learn.features.engaged_inside_coach": {"en": "engaged inside coach", "zh": "已建立关系的内部支持者"},
    "learn.features.engaged_advisor": {"en": "engaged advisor", "zh": "已建立关系的辅助决策者"},
    "learn.features.gap_missing-role": {"en": "a buying role nobody holds", "zh": "无人担任的采购角色"},
    "learn.features.gap_uncovered-role": {"en": "a buying role not engaged", "zh": "尚未建立关系的采购角色"},
    "learn.features.gap_decision-maker-unreached": {
        "en": "no engaged decision maker",
        "zh": "未与核心决策者建立关系",
    },
    "learn.features.gap_weak-initiator": {"en": "weak initiator", "zh": "首倡者分量不足"},
    "learn.features.gap_few-mid-level-allies": {"en": "few mid-level allies", "zh": "中层盟友不足"},
    "learn.features.gap_bypassed-gatekeeper": {"en": "bypassed gatekeeper", "zh": "绕开了守门人"},
    "learn.features.gap_resistant-key-user": {"en": "resistant key user", "zh": "关键使用者抵触"},
    "learn.features.gap_influential-blocker": {"en": "influential blocker", "zh": "有影响力的反对者"},
    "learn.features.gap_single-threaded": {"en": "single-threaded", "zh": "支持面太窄"},
    "learn.features.gap_stale-relationship": {"en": "stale key relationship", "zh": "关键关系久未维护"},
    "learn.features.gap_late-technical-engagement": {
        "en": "technical supporter not engaged",
        "zh": "未与技术支持者建立关系",
    },
    "learn.features.gap_stage-readiness": {"en": "stage conditions unmet", "zh": "阶段条件未满足"},
    "learn.features.gap_unknown-attributes": {
        "en": "role holders' stance or influence unknown",
        "zh": "角色担任者的态度或影响力未知",
    },
    "learn.features.gap_competitor-aligned": {
        "en": "influential contact leans to a competitor",
        "zh": "有影响力的联系人倾向竞争对手",
    },
    "learn.features.gap_bypassed-mid-level": {"en": "mid-level manager gone around", "zh": "绕开了中层经理"},
    "learn.features.gap_advisor-not-won": {
        "en": "advisor of an engaged executive not won",
        "zh": "已接触高层的辅助决策者未争取",
    },
    "learn.features.gap_executive-too-early": {"en": "executive approached too early", "zh": "过早接触高层"},
    "learn.features.gap_role-concentration": {"en": "roles piled on one person", "zh": "角色集中于一人"},
    "learn.features.gap_power-shift": {"en": "newcomer in a position of power", "zh": "新上任的掌权者"},
    "learn.features.gap_unsupportive-initiator": {"en": "initiator not supporting us", "zh": "首倡者不支持我们"},
    "learn.features.gap_opposed-staff": {"en": "opposed staff in a user department", "zh": "使用部门有基层员工反对"},
    "learn.features.gap_veto-risk": {"en": "opposed person who can veto", "zh": "握有否决权的人反对"},
    "learn.features.gap_divided-loyalty": {
        "en": "coach or initiator tied to a competitor",
        "zh": "内部支持者或首倡者与竞争对手有往来",
    },
    # learn's tables on the terminal
    "learn.table.scores": {"en": "{method} ({n} accounts, {won} won)", "zh": "{method}（{n} 个客户，赢单 {won}）"},
    "learn.table.model": {"en": "model", "zh": "模型"},
    "learn.table.no_skill": {"en": "no skill", "zh": "无预测能力"},
    "learn.table.coverage_alone": {"en": "coverage score alone", "zh": "仅用覆盖度"},
    "learn.table.brier": {"en": "Brier score (lower is better)", "zh": "Brier 分数（越低越好）"},
    "learn.table.accuracy": {"en": "accuracy at 50%", "zh": "以 50% 为界的准确率"},
    "learn.table.effects": {"en": "Largest effects on the log-odds of a win", "zh": "对赢单对数几率影响最大的因素"},
    "learn.table.feature": {"en": "feature", "zh": "因素"},
    "learn.table.unit": {"en": "unit", "zh": "单位"},
    "learn.table.effect": {"en": "effect", "zh": "影响"},
    "learn.table.interval": {"en": "90% interval", "zh": "90% 区间"},
    "learn.table.rule_says": {"en": "rules say", "zh": "规则认为"},
    "learn.table.data_says": {"en": "data says", "zh": "数据显示"},
    "learn.says.raises": {"en": "raises", "zh": "提高"},
    "learn.says.lowers": {"en": "lowers", "zh": "降低"},
    "learn.says.unclear": {"en": "unclear", "zh": "不明确"},
    "learn.says.nothing": {"en": "nothing", "zh": "无影响"},
    "learn.units.figure": {"en": "+1 sd", "zh": "+1 个标准差"},
    "learn.units.switch": {"en": "0 -> 1", "zh": "0 -> 1"},
    "learn.kinds.gap": {"en": "gap", "zh": "缺口"},
    "learn.kinds.role": {"en": "role", "zh": "角色"},
    "learn.kinds.figure": {"en": "figure", "zh": "指标"},
    "learn.method": {
        "en": "stratified {folds}-fold cross-validation, out-of-fold probabilities",
        "zh": "分层 {folds} 折交叉验证，折外概率",
    },
    "learn.headline": {
        "en": "{kind} model, {n} closed accounts ({won} won, {lost} lost), {method}",
        "zh": "{kind}模型，{n} 个已结单客户（赢单 {won}，丢单 {lost}），{method}",
    },
    "learn.roc.title": {"en": "ROC curve", "zh": "ROC 曲线"},
    "learn.roc.model": {"en": "model, out of fold (AUC {auc:.2f})", "zh": "模型，折外预测（AUC {auc:.2f}）"},
    "learn.roc.no_skill": {"en": "no skill (AUC 0.50)", "zh": "无预测能力（AUC 0.50）"},
    "learn.roc.x": {
        "en": "lost deals ranked as likely wins (false positive rate)",
        "zh": "被排为可能赢单的丢单比例（假阳性率）",
    },
    "learn.roc.y": {
        "en": "won deals ranked as likely wins (true positive rate)",
        "zh": "被排为可能赢单的赢单比例（真阳性率）",
    },
    "learn.calibration.title": {"en": "Calibration", "zh": "校准曲线"},
    "learn.calibration.perfect": {"en": "perfectly calibrated", "zh": "完美校准"},
    "learn.calibration.model": {"en": "model (Brier {brier:.3f})", "zh": "模型（Brier {brier:.3f}）"},
    "learn.calibration.base": {
        "en": "win rate {rate:.0%} (Brier {brier:.3f})",
        "zh": "赢单率 {rate:.0%}（Brier {brier:.3f}）",
    },
    "learn.calibration.x": {
        "en": "predicted win probability (bins of equal size)",
        "zh": "预测的赢单概率（按等量分箱）",
    },
    "learn.calibration.y": {"en": "share of those deals won", "zh": "其中赢单的比例"},
    "learn.effects.title": {
        "en": "What went with won and lost deals ({kind}{interval})",
        "zh": "与赢单、丢单相伴的因素（{kind}{interval}）",
    },
    "learn.effects.interval": {"en": "; lines: 90% bootstrap interval", "zh": "；误差线：90% 自助法区间"},
    "learn.effects.x": {
        "en": "effect on the log-odds of a win (left: lowers it; right: raises it)",
        "zh": "对赢单对数几率的影响（左：降低；右：提高）",
    },
}

# Entries whose Chinese is punctuation, a number or fields only: the one place a Chinese text holds no Chinese.
SYMBOLS: frozenset[str] = frozenset(
    {
        "punct.colon",
        "done.engine",
        "punct.list_sep",
        "punct.aside",
        "format.person",
        "format.about_sep",
        "analysis.rank",
        "plan.rank",
        "report.of_n",
        "action.department",
        "history.diff",
        "learn.units.switch",
        "risk_why.line",
        "chart.heading_part",
    }
)
