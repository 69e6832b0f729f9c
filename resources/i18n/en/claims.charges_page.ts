<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>unit</translation>
    </message>
    <message>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>单价</source>
        <translation>Unit price</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>开单科室</source>
        <translation>Ordering department</translation>
    </message>
    <message>
        <source>开单医师</source>
        <translation>Ordering physician</translation>
    </message>
    <message>
        <source>录入人</source>
        <translation>Entered by</translation>
    </message>
    <message>
        <source>签名确认</source>
        <translation>Signed off</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>录入费用…</source>
        <translation>Enter a charge…</translation>
    </message>
    <message>
        <source>计床日</source>
        <translation>Charge bed-days</translation>
    </message>
    <message>
        <source>按日计床位费至所选日期：入院日计、出院日不计、请假日不计，已计的日子不重复</source>
        <translation>Charge each bed-day through the chosen date: the admission day counts, the discharge day and days on leave do not, a day already charged is never charged again</translation>
    </message>
    <message>
        <source>导入…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>冲销…</source>
        <translation>Reverse…</translation>
    </message>
    <message>
        <source>签名确认…</source>
        <translation>Sign off…</translation>
    </message>
    <message>
        <source>以本人口令签署本人录入、尚未确认的费用；未确认的费用不能结算</source>
        <translation>Sign off, with your password, the charges you entered; charges not signed off cannot be claimed</translation>
    </message>
    <message>
        <source>床日计至</source>
        <translation>Bed-days through</translation>
    </message>
    <message>
        <source>共 {count} 笔，合计 ¥{total}；未经录入人签名确认 {unsigned} 笔（其中本人录入 {mine} 笔）</source>
        <translation>{count} line(s), total ¥{total}; not signed off by who entered them: {unsigned} ({mine} entered by you)</translation>
    </message>
    <message>
        <source>治疗记录</source>
        <translation>Treatment session</translation>
    </message>
    <message>
        <source>未确认</source>
        <translation>Not signed off</translation>
    </message>
    <message>
        <source>申报更正</source>
        <translation>Claim correction</translation>
    </message>
    <message>
        <source>冲销 #{line}：{reason}</source>
        <translation>Reverses #{line}: {reason}</translation>
    </message>
    <message>
        <source>已被 #{line} 冲销</source>
        <translation>Reversed by #{line}</translation>
    </message>
    <message>
        <source>目录外</source>
        <translation>Out of scope</translation>
    </message>
    <message>
        <source>申报 #{claim}</source>
        <translation>Claim #{claim}</translation>
    </message>
    <message>
        <source>新计床日 {new} 天；已计 {already} 天；请假未计 {leave} 天{days}</source>
        <translation>{new} bed-day(s) charged; {already} already charged; {leave} on leave, not charged{days}</translation>
    </message>
    <message>
        <source>冲销费用</source>
        <translation>Reverse a charge</translation>
    </message>
    <message>
        <source>冲销原因：</source>
        <translation>Reason for the reversal:</translation>
    </message>
    <message>
        <source>冲销费用 #{line}（{day} {name}，¥{amount}）：将新增一笔负数冲销行，原费用不变。是否确认？</source>
        <translation>Reverse charge #{line} ({day} {name}, ¥{amount}): a negative reversal line is added; the charge itself stays. Go ahead?</translation>
    </message>
    <message>
        <source>确认冲销</source>
        <translation>Confirm the reversal</translation>
    </message>
    <message>
        <source>录入人签名确认</source>
        <translation>Sign off your charges</translation>
    </message>
    <message>
        <source>以本人口令签署您录入、尚未确认的 {count} 笔费用。
口令：</source>
        <translation>Sign off, with your password, the {count} charge(s) you entered.
Password:</translation>
    </message>
</context>
</TS>
