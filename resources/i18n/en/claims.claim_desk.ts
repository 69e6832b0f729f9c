<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>申报</source>
        <translation>Claim</translation>
    </message>
    <message>
        <source>病例号</source>
        <translation>Case no.</translation>
    </message>
    <message>
        <source>患者</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>申报总额</source>
        <translation>Claimed</translation>
    </message>
    <message>
        <source>基金支付</source>
        <translation>Fund pays</translation>
    </message>
    <message>
        <source>扣减</source>
        <translation>Deducted</translation>
    </message>
    <message>
        <source>已支付</source>
        <translation>Paid</translation>
    </message>
    <message>
        <source>报送日</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>支付日</source>
        <translation>Paid on</translation>
    </message>
    <message>
        <source>出院结算</source>
        <translation>Discharge settlement</translation>
    </message>
    <message>
        <source>全部期间</source>
        <translation>All periods</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <source>病例号 / 姓名 / 拼音首字母</source>
        <translation>Case number / name / pinyin initials</translation>
    </message>
    <message>
        <source>显示旧版本</source>
        <translation>Show older versions</translation>
    </message>
    <message>
        <source>录入经办机构反馈…</source>
        <translation>Record the agency&apos;s answer…</translation>
    </message>
    <message>
        <source>出具更正版本…</source>
        <translation>Issue the correction version…</translation>
    </message>
    <message>
        <source>打开病例</source>
        <translation>Open the case</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>结算待办…</source>
        <translation>Claim tasks…</translation>
    </message>
    <message>
        <source>结算待办 {count} 项…</source>
        <translation>Claim tasks: {count}…</translation>
    </message>
    <message>
        <source>第{version}版</source>
        <translation>version {version}</translation>
    </message>
    <message>
        <source>（旧）</source>
        <translation> (older)</translation>
    </message>
    <message>
        <source>合计 {count} 份：申报 ¥{total}&#x3000;基金支付 ¥{fund}&#x3000;扣减 ¥{deducted}&#x3000;已支付 ¥{paid}</source>
        <translation>{count} claims: claimed ¥{total}  fund pays ¥{fund}  deducted ¥{deducted}  paid ¥{paid}</translation>
    </message>
    <message>
        <source>申报 #{claim} {case} {patient}：应付 ¥{due}，尚未支付 ¥{left}</source>
        <translation>Claim #{claim} {case} {patient}: due ¥{due}, still unpaid ¥{left}</translation>
    </message>
    <message>
        <source>{date} 被退回</source>
        <translation>returned on {date}</translation>
    </message>
    <message>
        <source>已退回或被扣减：请出具更正版本</source>
        <translation>returned or deducted from: issue the correction version</translation>
    </message>
    <message>
        <source>出具更正版本</source>
        <translation>Issue the correction version</translation>
    </message>
    <message>
        <source>申报 #{claim}（{case} {patient}，{period}）已被退回或扣减。将生成第{version}版更正申报（草稿），原因取自经办机构的反馈；原申报不变。是否继续？</source>
        <translation>Claim #{claim} ({case} {patient}, {period}) was returned or deducted from. Version {version}, a correction draft, will be made with the reason taken from the agency&apos;s answers; the original claim stays as it is. Continue?</translation>
    </message>
</context>
</TS>
