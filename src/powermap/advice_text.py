"""Message and advice texts for every gap code, in English and Chinese (our own words for docs/methodology.md)."""

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
    "decision-maker-unreached": {
        "en": {
            "message": "No decision maker is engaged yet (decision makers: {people}).",
            "advice": (
                "Going through a whole deal without ever reaching the person who signs is very "
                "dangerous. Ask your mid-level allies to arrange the meeting, and when you get it be "
                "brief and structured, centre on their business problems, and back it with success "
                "cases to build trust."
            ),
        },
        "zh": {
            "message": "核心决策者（{people}）均尚未与我们建立关系。",
            "advice": (
                "从项目开始到结束都没有接触到拍板的人，是非常危险的，决定力无从谈起。"
                "请借助已结盟的中层引荐，见面时做到简明扼要、条理清晰，围绕对方的业务问题展开，"
                "并持续讲述成功案例以建立信任。"
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
            "message": "Only {count} engaged mid-level supporter(s), below the minimum of {minimum}.",
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
            "message": "We engage {executive}, but the gatekeeper {gatekeeper} on the way to them is {state}.",
            "advice": (
                "Going around the mid-level to reach their executive is a common way to lose a deal. "
                "Advance through the normal business path: win over {gatekeeper}, who controls the "
                "information flow and is cheap to win but costly to ignore, and keep a professional "
                "distance with {executive} even as you grow closer."
            ),
        },
        "zh": {
            "message": "我们已接触高层{executive}，但其身边的守门人{gatekeeper}{state}。",
            "advice": (
                "偷偷绕开中层去接触高层，是很多项目丢单的原因。请走正常的业务路径，"
                "先争取掌握信息渠道的守门人{gatekeeper}（争取他成本很低，忽视他代价很高），"
                "与{executive}保持“亲密之中有足够的专业距离”。"
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
            "message": "Key contacts not contacted for more than {days} days: {people}.",
            "advice": (
                "Relationships decay without contact, and power structures change over time through "
                "reorganisations and new projects. Get back in touch soon and check whether their "
                "role, influence or stance has moved, then update the map."
            ),
        },
        "zh": {
            "message": "关键联系人{people}已超过{days}天没有联系。",
            "advice": (
                "关系不维护就会变淡，而组织调整、新项目也会让权力结构随时间变化。"
                "请尽快重新联系，确认其角色、影响力和态度是否有变，并及时更新权力地图。"
            ),
        },
    },
    "late-technical-engagement": {
        "en": {
            "message": "At stage {stage}, no technical supporter is engaged (technical supporters: {people}).",
            "advice": (
                "Technical staff sway the decision maker, and the more technical the product, the more "
                "they matter. Start technical exchanges between our engineers and theirs now, and agree "
                "a joint plan and timetable of technical topics."
            ),
        },
        "zh": {
            "message": "项目已到第{stage}阶段，仍未与任何技术支持者建立关系（技术支持者：{people}）。",
            "advice": (
                "产品技术含量越高，技术支持者越重要，对核心决策者的影响也越大。"
                "请立即安排我方工程师与客户技术人员开展技术交流，并共同商定技术交流的议题计划和时间表。"
            ),
        },
    },
    "stage-readiness": {
        "en": {
            "message": "At stage {stage}, the map does not yet show {condition}.",
            "advice": (
                "Each stage of the sale mirrors a step of the customer's buying process and needs its "
                "relationship and information conditions in place. Close this gap before pushing the "
                "deal to the next stage."
            ),
        },
        "zh": {
            "message": "项目处于第{stage}阶段，但权力地图尚未做到：{condition}。",
            "advice": (
                "项目型销售的每个阶段都对应客户内部采购流程的一步，需要具备相应的关系和信息条件。"
                "请先补齐这一条件，再推进到下一阶段。"
            ),
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
    "evaluation-team-leaning": {
        "en": "support from every holder of the six buying roles",
        "zh": "六种采购角色的所有人都倾向于支持我们",
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

WORDS: dict[str, dict[str, str]] = {
    "not_engaged": {"en": "not engaged", "zh": "尚未与我们建立关系"},
    "opposed": {"en": "opposed to us", "zh": "反对我们"},
    "nobody": {"en": "nobody", "zh": "无人"},
    "and": {"en": "and", "zh": "和"},
    "list_sep": {"en": ", ", "zh": "、"},
}
