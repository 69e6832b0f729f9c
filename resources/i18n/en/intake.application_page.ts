<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>提交日期</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>受理日期</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>受理机构</source>
        <translation>Submitted to</translation>
    </message>
    <message>
        <source>答复期限</source>
        <translation>Answer by</translation>
    </message>
    <message>
        <source>答复</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>申请材料</source>
        <translation>Application materials</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>附件或原因</source>
        <translation>Attachment or reason</translation>
    </message>
    <message>
        <source>依据</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>申请日期</source>
        <translation>Submitted on</translation>
    </message>
    <message>
        <source>材料状态</source>
        <translation>Item status</translation>
    </message>
    <message>
        <source>不适用原因</source>
        <translation>Reason not applicable</translation>
    </message>
    <message>
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>康复申请</source>
        <translation>Rehabilitation application</translation>
    </message>
    <message>
        <source>已附</source>
        <translation>Attached</translation>
    </message>
    <message>
        <source>不适用</source>
        <translation>Not applicable</translation>
    </message>
    <message>
        <source>已核准：{number}（{day}）</source>
        <translation>Approved: {number} ({day})</translation>
    </message>
    <message>
        <source>已核准（未关联本申请）：{number}（{day}）</source>
        <translation>Approved (not linked to this application): {number} ({day})</translation>
    </message>
    <message>
        <source>等待答复（无法定期限）</source>
        <translation>Awaiting the answer (no deadline in the rules)</translation>
    </message>
    <message>
        <source>已逾期，尚未答复</source>
        <translation>Overdue, not answered</translation>
    </message>
    <message>
        <source>等待答复</source>
        <translation>Awaiting the answer</translation>
    </message>
    <message>
        <source>{due}（可延至 {extended}）</source>
        <translation>{due} (extendable to {extended})</translation>
    </message>
    <message>
        <source>录入康复申请</source>
        <translation>Record an application</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>已受理</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>申请日期 *</source>
        <translation>Submitted on *</translation>
    </message>
    <message>
        <source>申请人 *</source>
        <translation>Applicant *</translation>
    </message>
    <message>
        <source>受理机构 *</source>
        <translation>Submitted to *</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>申请材料：{item}</source>
        <translation>Application material: {item}</translation>
    </message>
    <message>
        <source>（添加新的扫描件）</source>
        <translation>(add a new scan)</translation>
    </message>
    <message>
        <source>如 首次申请，无以往康复价值评估报告</source>
        <translation>e.g. first application, no earlier rehab value report</translation>
    </message>
    <message>
        <source>依据：{basis}</source>
        <translation>Basis: {basis}</translation>
    </message>
    <message>
        <source>状态 *</source>
        <translation>Status *</translation>
    </message>
    <message>
        <source>档案中的附件</source>
        <translation>Attachment in the archive</translation>
    </message>
    <message>
        <source>新扫描件</source>
        <translation>New scan</translation>
    </message>
    <message>
        <source>录入康复申请…</source>
        <translation>Record an application…</translation>
    </message>
    <message>
        <source>登记材料…</source>
        <translation>Record a material…</translation>
    </message>
    <message>
        <source>录入核准结论（答复本申请）…</source>
        <translation>Record the approval answering it…</translation>
    </message>
    <message>
        <source>康复价值评估报告…</source>
        <translation>Rehab value report…</translation>
    </message>
    <message>
        <source>尚无评估报告版本</source>
        <translation>No version yet</translation>
    </message>
    <message>
        <source>当前第 {n} 版（{state}）</source>
        <translation>Current version {n} ({state})</translation>
    </message>
    <message>
        <source>已签名</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>未签名</source>
        <translation>Not signed</translation>
    </message>
    <message>
        <source>康复价值评估报告及康复治疗建议：{state}。医师撰写并以本人密码签名；新版本取代旧版本，已签名的版本不再改动。</source>
        <translation>Rehab value report and treatment recommendation: {state}. Written by a physician and signed with their password; a new version supersedes the old, signed versions never change.</translation>
    </message>
    <message>
        <source>本地区办法未列申请材料</source>
        <translation>the region&apos;s text lists no materials</translation>
    </message>
    <message>
        <source>答复期限：{rule}。申请材料：{materials}</source>
        <translation>Answer deadline: {rule}. Materials: {materials}</translation>
    </message>
    <message>
        <source>未提交</source>
        <translation>Missing</translation>
    </message>
    <message>
        <source>本地区办法未列申请材料，无须逐项登记。</source>
        <translation>The region&apos;s text lists no application materials; nothing to tick.</translation>
    </message>
</context>
</TS>
