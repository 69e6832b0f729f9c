<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>长期</source>
        <translation>open-ended</translation>
    </message>
    <message>
        <source>{name}，{start} 至 {end}</source>
        <translation>{name}, {start} to {end}</translation>
    </message>
    <message>
        <source> 天内</source>
        <translation> day(s)</translation>
    </message>
    <message>
        <source>当日</source>
        <translation>Same day</translation>
    </message>
    <message>
        <source>签名晚于所签事件（治疗结束、评估、方案建立等）超过此期限，或在出院后签署，结算前须由病案人员说明原因并确认</source>
        <translation>A signature given later than this after the event it signs (a session&apos;s end, an assessment, a plan written…), or after discharge, must be acknowledged with a reason by the records officer before a claim</translation>
    </message>
    <message>
        <source>一</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>二</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>三</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>四</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>五</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>六</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>日</source>
        <translation>Sun</translation>
    </message>
    <message>
        <source>机构设置</source>
        <translation>Institution settings</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>统筹地区，如 泸州市</source>
        <translation>pooling region, e.g. Luzhou</translation>
    </message>
    <message>
        <source> 年</source>
        <translation> years</translation>
    </message>
    <message>
        <source> 天</source>
        <translation> days</translation>
    </message>
    <message>
        <source>记录员导出时用此证书签署 PDF；口令在导出时输入，从不保存</source>
        <translation>Records officers sign exported PDFs with it; its password is asked at export, never stored</translation>
    </message>
    <message>
        <source>选择证书文件</source>
        <translation>Browse for the certificate</translation>
    </message>
    <message>
        <source>年-月-日，如 2026-01-01（可空）</source>
        <translation>Year-month-day, e.g. 2026-01-01 (optional)</translation>
    </message>
    <message>
        <source>证书文件 .p12 / .pfx（可空）</source>
        <translation>Certificate file .p12 / .pfx (optional)</translation>
    </message>
    <message>
        <source>可信时间戳服务网址（可空：签署时间取自本机时钟）</source>
        <translation>Trusted time-stamping service address (optional: otherwise the signing time comes from this PC&apos;s clock)</translation>
    </message>
    <message>
        <source>设置后每个签章都加盖该服务的可信时间戳；服务不可用时导出停止，不签署</source>
        <translation>Every signature gets this service&apos;s trusted timestamp; if the service is unavailable, the export stops and nothing is signed</translation>
    </message>
    <message>
        <source>测试</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>向该服务申请一个时间戳</source>
        <translation>Ask the service for one timestamp</translation>
    </message>
    <message>
        <source>检查开放时间</source>
        <translation>Check opening hours</translation>
    </message>
    <message>
        <source>更改适用地区须说明原因（记入审计）</source>
        <translation>State why the region changes (it is audited)</translation>
    </message>
    <message>
        <source>机构名称</source>
        <translation>Institution name</translation>
    </message>
    <message>
        <source>统筹地区</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>协议编号</source>
        <translation>Agreement no.</translation>
    </message>
    <message>
        <source>协议起</source>
        <translation>Valid from</translation>
    </message>
    <message>
        <source>协议止</source>
        <translation>Valid to</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>档案保管年限</source>
        <translation>Retention</translation>
    </message>
    <message>
        <source>康复中评估（入院后）</source>
        <translation>Mid assessment after admission</translation>
    </message>
    <message>
        <source>患者签署时限</source>
        <translation>Patient signature limit</translation>
    </message>
    <message>
        <source>工作人员签署时限</source>
        <translation>Staff signature limit</translation>
    </message>
    <message>
        <source>开放时间</source>
        <translation>Opening hours</translation>
    </message>
    <message>
        <source>休息日（不计挂床）</source>
        <translation>Rest days (not idle beds)</translation>
    </message>
    <message>
        <source>机构签章证书</source>
        <translation>Signing certificate</translation>
    </message>
    <message>
        <source>时间戳服务</source>
        <translation>Time-stamping service</translation>
    </message>
    <message>
        <source>适用地区规则</source>
        <translation>Region&apos;s rules</translation>
    </message>
    <message>
        <source>现行规则包</source>
        <translation>Pack in force</translation>
    </message>
    <message>
        <source>更改原因</source>
        <translation>Reason for the change</translation>
    </message>
    <message>
        <source>不少于{years}年，只能延长</source>
        <translation>At least {years} years, only ever longer</translation>
    </message>
    <message>
        <source>选择机构证书</source>
        <translation>Choose the certificate</translation>
    </message>
    <message>
        <source>证书文件 (*.p12 *.pfx);;所有文件 (*)</source>
        <translation>Certificate files (*.p12 *.pfx);;All files (*)</translation>
    </message>
    <message>
        <source>未设置时间戳服务：签署时间取自本机时钟。</source>
        <translation>No time-stamping service: the signing time is this PC&apos;s clock.</translation>
    </message>
    <message>
        <source>正在向时间戳服务申请时间戳…</source>
        <translation>Asking the time-stamping service for a timestamp…</translation>
    </message>
    <message>
        <source>服务可用：时间 {time}（UTC），签发者 {authority}</source>
        <translation>The service works: time {time} (UTC), issued by {authority}</translation>
    </message>
    <message>
        <source>协议起始日期</source>
        <translation>Agreement valid from</translation>
    </message>
    <message>
        <source>协议截止日期</source>
        <translation>Agreement valid to</translation>
    </message>
</context>
</TS>
