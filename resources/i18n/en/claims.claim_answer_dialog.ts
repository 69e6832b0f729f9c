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
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>已扣减</source>
        <translation>Deducted so far</translation>
    </message>
    <message>
        <source>扣减金额</source>
        <translation>Deduction</translation>
    </message>
    <message>
        <source>扣减原因</source>
        <translation>Reason for the deduction</translation>
    </message>
    <message>
        <source>录入经办机构反馈</source>
        <translation>Record the agency&apos;s answer</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>申报 #{claim}&#x3000;{case} {patient}&#x3000;{period} 第{version}版&#x3000;基金支付 ¥{fund}&#x3000;扣减 ¥{deducted}&#x3000;已支付 ¥{paid}</source>
        <translation>Claim #{claim}  {case} {patient}  {period} version {version}  fund ¥{fund}  deducted ¥{deducted}  paid ¥{paid}</translation>
    </message>
    <message>
        <source>经办机构给出的退回原因</source>
        <translation>The reason the agency gave for returning it</translation>
    </message>
    <message>
        <source>尚未支付 ¥{amount}</source>
        <translation>¥{amount} still unpaid</translation>
    </message>
    <message>
        <source>申报</source>
        <translation>Claim</translation>
    </message>
    <message>
        <source>反馈</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>退回原因</source>
        <translation>Reason returned</translation>
    </message>
    <message>
        <source>支付金额（元）</source>
        <translation>Amount paid (yuan)</translation>
    </message>
    <message>
        <source>逐行扣减</source>
        <translation>Deductions per line</translation>
    </message>
    <message>
        <source>申报 #{claim}：{kind}，{date}</source>
        <translation>Claim #{claim}: {kind}, {date}</translation>
    </message>
    <message>
        <source>原因：{reason}</source>
        <translation>Reason: {reason}</translation>
    </message>
    <message>
        <source>支付金额 ¥{amount}</source>
        <translation>Amount paid ¥{amount}</translation>
    </message>
    <message>
        <source>{item}：扣减 ¥{amount}（{reason}）</source>
        <translation>{item}: deduct ¥{amount} ({reason})</translation>
    </message>
    <message>
        <source>扣减合计 ¥{amount}</source>
        <translation>Deductions in all ¥{amount}</translation>
    </message>
    <message>
        <source>确认保存</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>{summary}

经办机构反馈保存后不能修改（如有错误，以更正版本处理）。是否保存？</source>
        <translation>{summary}

An answer of the agency cannot be changed once saved (a mistake is handled by a correction version). Save it?</translation>
    </message>
</context>
</TS>
