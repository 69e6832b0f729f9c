<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>评估日期</source>
        <translation>Assessed on</translation>
    </message>
    <message>
        <source>专家</source>
        <translation>Experts</translation>
    </message>
    <message>
        <source>支持的康复方式</source>
        <translation>Care supported</translation>
    </message>
    <message>
        <source>结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <source>扫描件</source>
        <translation>Scan</translation>
    </message>
    <message>
        <source>录入医师</source>
        <translation>Recorded by</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>辅助器具</source>
        <translation>Assistive device</translation>
    </message>
    <message>
        <source>备案号/供应商</source>
        <translation>Filing no. / supplier</translation>
    </message>
    <message>
        <source>金额（元）</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>By</translation>
    </message>
    <message>
        <source>结算/说明</source>
        <translation>Claim / note</translation>
    </message>
    <message>
        <source>评估专家</source>
        <translation>Experts</translation>
    </message>
    <message>
        <source>评估结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <source>评估意见扫描件</source>
        <translation>Scan of the opinion</translation>
    </message>
    <message>
        <source>专家评估</source>
        <translation>Expert evaluation</translation>
    </message>
    <message>
        <source>意见日期</source>
        <translation>Opinion date</translation>
    </message>
    <message>
        <source>开具医师</source>
        <translation>Physician</translation>
    </message>
    <message>
        <source>备案日期</source>
        <translation>Filing date</translation>
    </message>
    <message>
        <source>备案编号</source>
        <translation>Filing number</translation>
    </message>
    <message>
        <source>配置日期</source>
        <translation>Fitting date</translation>
    </message>
    <message>
        <source>供应商</source>
        <translation>Supplier</translation>
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
        <source>辅具备案</source>
        <translation>Device filing</translation>
    </message>
    <message>
        <source>治疗师</source>
        <translation>Therapist</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>What was done</translation>
    </message>
    <message>
        <source>录入专家评估</source>
        <translation>Record an expert evaluation</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>职称</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>评估日期 *</source>
        <translation>Evaluation date *</translation>
    </message>
    <message>
        <source>专家（姓名、职称）*</source>
        <translation>Experts (name, title) *</translation>
    </message>
    <message>
        <source>评估结论 *</source>
        <translation>Conclusion *</translation>
    </message>
    <message>
        <source>评估意见扫描件 *</source>
        <translation>Scan of the signed opinion *</translation>
    </message>
    <message>
        <source>无全国统一辅具目录：填本机构或经办机构的编码</source>
        <translation>No national device catalogue: enter the institution&apos;s or the agency&apos;s code</translation>
    </message>
    <message>
        <source>记录 *</source>
        <translation>Record *</translation>
    </message>
    <message>
        <source>配置意见</source>
        <translation>Opinion</translation>
    </message>
    <message>
        <source>日期 *</source>
        <translation>Dates *</translation>
    </message>
    <message>
        <source>器具编码</source>
        <translation>Device code</translation>
    </message>
    <message>
        <source>器具名称</source>
        <translation>Device name</translation>
    </message>
    <message>
        <source>医师/治疗师</source>
        <translation>Physician / therapist</translation>
    </message>
    <message>
        <source>单价（元）</source>
        <translation>Unit price (yuan)</translation>
    </message>
    <message>
        <source>理由/内容/备注</source>
        <translation>Reason / content / note</translation>
    </message>
    <message>
        <source>请先录入配置意见</source>
        <translation>Record the device opinion first</translation>
    </message>
    <message>
        <source>录入专家评估…</source>
        <translation>Record an expert evaluation…</translation>
    </message>
    <message>
        <source>辅助器具记录…</source>
        <translation>Device record…</translation>
    </message>
    <message>
        <source>须先经专家评估：{care}</source>
        <translation>Expert evaluation required first: {care}</translation>
    </message>
    <message>
        <source>本地区办法未要求专家评估</source>
        <translation>The region&apos;s text requires no expert evaluation</translation>
    </message>
    <message>
        <source>配置前须经办机构备案（{basis}）</source>
        <translation>Filed with the agency before fitting ({basis})</translation>
    </message>
    <message>
        <source>本地区办法未要求备案</source>
        <translation>The region&apos;s text requires no filing</translation>
    </message>
    <message>
        <source>配置费用随康复结算（{basis}）</source>
        <translation>Fittings are claimed with the course ({basis})</translation>
    </message>
    <message>
        <source>本地区办法未规定随康复结算：配置只记录，不计入结算</source>
        <translation>The region&apos;s text does not pay devices with the course: fittings are recorded, not claimed</translation>
    </message>
    <message>
        <source>已计费 #{line}</source>
        <translation>Charged #{line}</translation>
    </message>
    <message>
        <source>未计入结算</source>
        <translation>Not claimed</translation>
    </message>
</context>
</TS>
