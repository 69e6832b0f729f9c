<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>field</name>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>入院日期</source>
        <translation>Admission date</translation>
    </message>
    <message>
        <source>办理入院人员</source>
        <translation>Admitted by</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>核准记录</source>
        <translation>Approval</translation>
    </message>
    <message>
        <source>核准次数</source>
        <translation>Approved count</translation>
    </message>
    <message>
        <source>评估日期</source>
        <translation>Assessed on</translation>
    </message>
    <message>
        <source>评估人</source>
        <translation>Assessor</translation>
    </message>
    <message>
        <source>指定治疗师</source>
        <translation>Assigned therapist</translation>
    </message>
    <message>
        <source>附件</source>
        <translation>Attachment</translation>
    </message>
    <message>
        <source>床号</source>
        <translation>Bed number</translation>
    </message>
    <message>
        <source>出生日期</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <source>病例</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>目录项目</source>
        <translation>Catalogue item</translation>
    </message>
    <message>
        <source>费用类别</source>
        <translation>Fee category</translation>
    </message>
    <message>
        <source>结算申报</source>
        <translation>Claim</translation>
    </message>
    <message>
        <source>结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <source>内容摘要</source>
        <translation>Content SHA-256</translation>
    </message>
    <message>
        <source>次数</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>支付方</source>
        <translation>Payer</translation>
    </message>
    <message>
        <source>支付说明</source>
        <translation>Payment note</translation>
    </message>
    <message>
        <source>创建时间</source>
        <translation>Created at</translation>
    </message>
    <message>
        <source>创建人</source>
        <translation>Created by</translation>
    </message>
    <message>
        <source>描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>出院日期</source>
        <translation>Discharge date</translation>
    </message>
    <message>
        <source>时长（分钟）</source>
        <translation>Duration (minutes)</translation>
    </message>
    <message>
        <source>结束原因</source>
        <translation>End reason</translation>
    </message>
    <message>
        <source>结束时间</source>
        <translation>Ended at</translation>
    </message>
    <message>
        <source>频次</source>
        <translation>Frequency</translation>
    </message>
    <message>
        <source>分级</source>
        <translation>Grade</translation>
    </message>
    <message>
        <source>诊断编码</source>
        <translation>Diagnosis code</translation>
    </message>
    <message>
        <source>诊断名称</source>
        <translation>Diagnosis</translation>
    </message>
    <message>
        <source>受伤日期</source>
        <translation>Injury date</translation>
    </message>
    <message>
        <source>量表</source>
        <translation>Instrument</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation>Item name</translation>
    </message>
    <message>
        <source>各项得分</source>
        <translation>Item scores</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>签名含义</source>
        <translation>Meaning of the signature</translation>
    </message>
    <message>
        <source>方式</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>国家编码</source>
        <translation>National code</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>发生时间</source>
        <translation>Occurred at</translation>
    </message>
    <message>
        <source>发生日期</source>
        <translation>Occurred on</translation>
    </message>
    <message>
        <source>期限起</source>
        <translation>Period from</translation>
    </message>
    <message>
        <source>期限止</source>
        <translation>Period to</translation>
    </message>
    <message>
        <source>评估阶段</source>
        <translation>Assessment phase</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>治疗方案</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>处方日期</source>
        <translation>Prescribed on</translation>
    </message>
    <message>
        <source>处方医师</source>
        <translation>Prescriber</translation>
    </message>
    <message>
        <source>处方</source>
        <translation>Prescription</translation>
    </message>
    <message>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>记录编号</source>
        <translation>Record number</translation>
    </message>
    <message>
        <source>记录状态</source>
        <translation>Record state</translation>
    </message>
    <message>
        <source>记录类型</source>
        <translation>Record type</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>封存原因</source>
        <translation>Reason for sealing</translation>
    </message>
    <message>
        <source>封存时间</source>
        <translation>Sealed at</translation>
    </message>
    <message>
        <source>治疗日期</source>
        <translation>Session date</translation>
    </message>
    <message>
        <source>治疗记录</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>签名时间</source>
        <translation>Signed at</translation>
    </message>
    <message>
        <source>签名人类别</source>
        <translation>Signer</translation>
    </message>
    <message>
        <source>签名人</source>
        <translation>Signer&apos;s name</translation>
    </message>
    <message>
        <source>工作人员</source>
        <translation>Staff user</translation>
    </message>
    <message>
        <source>开始时间</source>
        <translation>Started at</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>治疗师</source>
        <translation>Therapist</translation>
    </message>
    <message>
        <source>总分</source>
        <translation>Total score</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>单价</source>
        <translation>Unit price</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
</context>
<context>
    <name>state</name>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>已签名</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>已归档</source>
        <translation>Archived</translation>
    </message>
    <message>
        <source>已封存</source>
        <translation>Sealed</translation>
    </message>
</context>
</TS>
