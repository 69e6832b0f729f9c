<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>登记新病例</source>
        <translation>New case</translation>
    </message>
    <message>
        <source>1 职工</source>
        <translation>1 Worker</translation>
    </message>
    <message>
        <source>2 单位与工伤</source>
        <translation>2 Employer and injury</translation>
    </message>
    <message>
        <source>3 康复申请</source>
        <translation>3 Rehabilitation request</translation>
    </message>
    <message>
        <source>4 申请材料</source>
        <translation>4 Application materials</translation>
    </message>
    <message>
        <source>保存病例</source>
        <translation>Save case</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>{role}无权登记病例（由病案人员或医师登记）。</source>
        <translation>A {role} may not register cases (records officers or physicians do).</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>用人单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>工伤认定决定书编号</source>
        <translation>Injury recognition decision number</translation>
    </message>
    <message>
        <source>工伤认定日期</source>
        <translation>Injury recognition date</translation>
    </message>
    <message>
        <source>受伤日期</source>
        <translation>Date of injury</translation>
    </message>
    <message>
        <source>受伤部位</source>
        <translation>Body parts</translation>
    </message>
    <message>
        <source>诊断</source>
        <translation>Diagnosis</translation>
    </message>
    <message>
        <source>主要诊断</source>
        <translation>Main diagnosis</translation>
    </message>
    <message>
        <source>疾病类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>伤残等级</source>
        <translation>Disability grade</translation>
    </message>
    <message>
        <source>康复阶段</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>康复形式</source>
        <translation>Setting</translation>
    </message>
    <message>
        <source>工伤认定</source>
        <translation>Injury recognition</translation>
    </message>
    <message>
        <source>劳动关系</source>
        <translation>Employment</translation>
    </message>
    <message>
        <source>工伤保险关系</source>
        <translation>Injury insurance</translation>
    </message>
    <message>
        <source>申请材料</source>
        <translation>Application materials</translation>
    </message>
    <message>
        <source>工伤</source>
        <translation>Injury</translation>
    </message>
    <message>
        <source>前次病例</source>
        <translation>Earlier case</translation>
    </message>
    <message>
        <source>疗程原因</source>
        <translation>Reason for the course</translation>
    </message>
    <message>
        <source>手机或固定电话</source>
        <translation>Mobile or landline</translation>
    </message>
    <message>
        <source>社会保障卡卡号（可空）</source>
        <translation>Social security card number (optional)</translation>
    </message>
    <message>
        <source>如 配偶、子女</source>
        <translation>e.g. spouse, child</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>姓名 *</source>
        <translation>Name *</translation>
    </message>
    <message>
        <source>身份证号 *</source>
        <translation>ID number *</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>社会保障卡号</source>
        <translation>Social security card</translation>
    </message>
    <message>
        <source>住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>近亲属</source>
        <translation>Close relative</translation>
    </message>
    <message>
        <source>近亲属可在职工本人无法签字时代为签名。</source>
        <translation>A close relative may sign when the worker cannot.</translation>
    </message>
    <message>
        <source>该职工已登记工伤：旧伤复发或再次申请，请选择原工伤（不新建工伤记录）</source>
        <translation>This worker has registered injuries: for a relapse or a repeat application, choose the injury (no new injury record)</translation>
    </message>
    <message>
        <source>登记新的工伤</source>
        <translation>Register a new injury</translation>
    </message>
    <message>
        <source>，病例 {number}</source>
        <translation>, case {number}</translation>
    </message>
    <message>
        <source>{number}（受伤 {day}）{diagnosis}{case}</source>
        <translation>{number} (injured {day}) {diagnosis}{case}</translation>
    </message>
    <message>
        <source>该工伤的病例 {number} 尚未出院（结束），不能开始新的疗程。</source>
        <translation>Case {number} of this injury is still open (not discharged): a new course cannot start.</translation>
    </message>
    <message>
        <source>新疗程将接续病例 {number}，沿用原工伤记录。</source>
        <translation>The new course follows case {number} and keeps the injury record.</translation>
    </message>
    <message>
        <source>用人单位全称</source>
        <translation>Employer&apos;s full name</translation>
    </message>
    <message>
        <source>18位统一社会信用代码</source>
        <translation>18-character unified social credit code</translation>
    </message>
    <message>
        <source>如 泸人社工认〔2026〕101号</source>
        <translation>e.g. 泸人社工认〔2026〕101号</translation>
    </message>
    <message>
        <source>多个部位用顿号或逗号分隔，如 右髋、右大腿</source>
        <translation>Separate several parts with commas, e.g. 右髋、右大腿</translation>
    </message>
    <message>
        <source>职业病</source>
        <translation>Occupational disease</translation>
    </message>
    <message>
        <source>未鉴定</source>
        <translation>Not appraised</translation>
    </message>
    <message>
        <source>{grade}级（{capacity}）</source>
        <translation>Grade {grade} ({capacity})</translation>
    </message>
    <message>
        <source>认定日期</source>
        <translation>Recognised on</translation>
    </message>
    <message>
        <source>用人单位 *</source>
        <translation>Employer *</translation>
    </message>
    <message>
        <source>工伤认定书编号 *</source>
        <translation>Recognition decision no. *</translation>
    </message>
    <message>
        <source>日期 *</source>
        <translation>Dates *</translation>
    </message>
    <message>
        <source>受伤部位 *</source>
        <translation>Body parts *</translation>
    </message>
    <message>
        <source>诊断 ICD-10 *</source>
        <translation>Diagnoses ICD-10 *</translation>
    </message>
    <message>
        <source>疾病类别 *</source>
        <translation>Category *</translation>
    </message>
    <message>
        <source>已认定为工伤</source>
        <translation>Recognised as a work injury</translation>
    </message>
    <message>
        <source>与受伤单位的劳动关系已终止</source>
        <translation>Employment with the employer of the injury has ended</translation>
    </message>
    <message>
        <source>工伤保险关系已转移</source>
        <translation>Injury insurance transferred</translation>
    </message>
    <message>
        <source>工伤保险关系已终止</source>
        <translation>Injury insurance ended</translation>
    </message>
    <message>
        <source>康复价值评估意见</source>
        <translation>Rehab value assessment</translation>
    </message>
    <message>
        <source>康复治疗建议：项目、强度、预计周期</source>
        <translation>Treatment recommendation: items, intensity, expected duration</translation>
    </message>
    <message>
        <source>康复阶段 *</source>
        <translation>Stage *</translation>
    </message>
    <message>
        <source>康复形式 *</source>
        <translation>Setting *</translation>
    </message>
    <message>
        <source>康复模式</source>
        <translation>Modes</translation>
    </message>
    <message>
        <source>资格</source>
        <translation>Eligibility</translation>
    </message>
    <message>
        <source>康复价值评估</source>
        <translation>Value of rehabilitation</translation>
    </message>
    <message>
        <source>评估日期</source>
        <translation>Assessed on</translation>
    </message>
    <message>
        <source>治疗建议</source>
        <translation>Recommendation</translation>
    </message>
    <message>
        <source>康复申请材料的扫描件（图片或PDF）：申请表、工伤认定决定书、身份证件等。保存病例时一并存档；保存前可移除。</source>
        <translation>Scans (images or PDF) of the application materials: application form, injury recognition decision, identity documents etc. They are archived with the case when it is saved; until then they can be removed.</translation>
    </message>
</context>
</TS>
