"""Chinese display labels for stored codes."""

STATUS = {"registered": "待核准", "approved": "已核准", "admitted": "康复中", "discharged": "已出院"}
STAGE = {"ACUTE": "急性期", "STABLE": "稳定期", "MAINT": "维持期", "RECUR": "旧伤复发"}
SETTING = {"inpatient": "住院", "outpatient": "门诊", "community": "社区", "home": "居家"}
TIMELINE_KIND = {"injury": "工伤", "registration": "登记", "approval": "核准", "admission": "入院",
                 "plan": "方案", "session": "治疗", "assessment": "评估", "discharge": "出院"}
PHASE = {"pre": "康复前", "mid": "康复中", "post": "康复后", "other": "其他"}
END_REASON = {"completed": "康复计划完成", "no_further_benefit": "无进一步康复效果（泸州第二十三条）",
              "non_cooperation": "不配合治疗（北京第十四条，须书面通知）",
              "transfer_out": "转出（泸州第二十四条）", "death": "死亡", "other": "其他"}
