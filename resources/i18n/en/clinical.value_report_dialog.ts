<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>具有康复价值</source>
        <translation>Has rehabilitation value</translation>
    </message>
    <message>
        <source>不具有康复价值</source>
        <translation>Has no rehabilitation value</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>评估日期</source>
        <translation>Assessed on</translation>
    </message>
    <message>
        <source>评估结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <source>评估医师</source>
        <translation>Physician</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>签名时间</source>
        <translation>Signed at</translation>
    </message>
    <message>
        <source>不指定</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>康复价值评估报告及康复治疗建议</source>
        <translation>Rehab value report and treatment recommendation</translation>
    </message>
    <message>
        <source> 天</source>
        <translation> days</translation>
    </message>
    <message>
        <source>本人登录密码</source>
        <translation>Your sign-in password</translation>
    </message>
    <message>
        <source>保存新版本并签名</source>
        <translation>Save new version and sign</translation>
    </message>
    <message>
        <source>打印最新已签名版本</source>
        <translation>Print the latest signed version</translation>
    </message>
    <message>
        <source>签署最新草稿</source>
        <translation>Sign the latest draft</translation>
    </message>
    <message>
        <source>撰写新版本（已签名的版本不再改动，新版本取代旧版本）</source>
        <translation>Write a new version (signed versions never change; a new one supersedes them)</translation>
    </message>
    <message>
        <source>评估日期 *</source>
        <translation>Evaluation date *</translation>
    </message>
    <message>
        <source>康复阶段 *</source>
        <translation>Stage *</translation>
    </message>
    <message>
        <source>评估结论 *</source>
        <translation>Conclusion *</translation>
    </message>
    <message>
        <source>康复价值评估意见 *</source>
        <translation>Value assessment *</translation>
    </message>
    <message>
        <source>康复治疗建议 *</source>
        <translation>Treatment recommendation *</translation>
    </message>
    <message>
        <source>建议康复模式</source>
        <translation>Recommended modes</translation>
    </message>
    <message>
        <source>建议康复形式</source>
        <translation>Recommended setting</translation>
    </message>
    <message>
        <source>预期康复期限</source>
        <translation>Intended period</translation>
    </message>
    <message>
        <source>康复目标</source>
        <translation>Goals</translation>
    </message>
    <message>
        <source>签名密码 *</source>
        <translation>Signing password *</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
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
        <source>病例 {case}&#x3000;{patient}&#x3000;{status}</source>
        <translation>Case {case}   {patient}   {status}</translation>
    </message>
    <message>
        <source>沿用同一工伤以往疗程（{case}）最新已签署的评估报告，请核对后签署。</source>
        <translation>Carried over from the earlier course&apos;s latest signed report ({case}) for the same injury; check it, then sign.</translation>
    </message>
    <message>
        <source>以本病例最新版本为底稿。</source>
        <translation>Starts from the case&apos;s latest version.</translation>
    </message>
    <message>
        <source>以登记时录入的评估意见为底稿。</source>
        <translation>Starts from the assessment entered at registration.</translation>
    </message>
    <message>
        <source>已签名。</source>
        <translation>Signed.</translation>
    </message>
</context>
</TS>
