"""Chinese display labels for stored codes."""

STATUS = {"registered": "待核准", "approved": "已核准", "admitted": "康复中", "discharged": "已出院"}
STAGE = {"ACUTE": "急性期", "STABLE": "稳定期", "MAINT": "维持期", "RECUR": "旧伤复发"}
SETTING = {"inpatient": "住院", "outpatient": "门诊", "community": "社区", "home": "居家"}
TIMELINE_KIND = {"injury": "工伤", "registration": "登记", "approval": "核准", "admission": "入院",
                 "plan": "方案", "session": "治疗", "assessment": "评估", "discharge": "出院"}
