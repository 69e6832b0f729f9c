<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>新增</source>
        <translation>Create</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Update</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>查阅档案</source>
        <translation>Open the record</translation>
    </message>
    <message>
        <source>拒绝</source>
        <translation>Denied</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>登录失败</source>
        <translation>Sign-in failed</translation>
    </message>
    <message>
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>退出登录</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>销毁</source>
        <translation>Destroy</translation>
    </message>
    <message>
        <source>延长保管期限</source>
        <translation>Extend retention</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>By</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>对象</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>详情</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>{count} 项</source>
        <translation>{count} field(s)</translation>
    </message>
    <message>
        <source>{named} 及另外 {count} 项</source>
        <translation>{named} and {count} more</translation>
    </message>
    <message>
        <source>修改：</source>
        <translation>Changed: </translation>
    </message>
    <message>
        <source>新增记录（{count} 项内容）</source>
        <translation>Created ({count} fields)</translation>
    </message>
    <message>
        <source>删除前内容（{count} 项）</source>
        <translation>Deleted ({count} fields)</translation>
    </message>
    <message>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>修改内容：</source>
        <translation>Changes:</translation>
    </message>
    <message>
        <source>新增内容：</source>
        <translation>Created:</translation>
    </message>
    <message>
        <source>删除前内容：</source>
        <translation>Deleted:</translation>
    </message>
    <message>
        <source>审计记录</source>
        <translation>Audit history</translation>
    </message>
    <message>
        <source>选择一条记录查看详情（修改前后的值）</source>
        <translation>Select an event to see its details (old and new values)</translation>
    </message>
</context>
<context>
    <name>record</name>
    <message>
        <source>更正</source>
        <translation>Correction</translation>
    </message>
    <message>
        <source>核准</source>
        <translation>Approval</translation>
    </message>
    <message>
        <source>核准项目</source>
        <translation>Approved item</translation>
    </message>
    <message>
        <source>评估</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <source>附件</source>
        <translation>Attachment</translation>
    </message>
    <message>
        <source>附件内容</source>
        <translation>Attachment content</translation>
    </message>
    <message>
        <source>审计记录</source>
        <translation>Audit event</translation>
    </message>
    <message>
        <source>转院</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <source>目录项目</source>
        <translation>Catalogue item</translation>
    </message>
    <message>
        <source>收费目录</source>
        <translation>Fee catalogue</translation>
    </message>
    <message>
        <source>结算申报</source>
        <translation>Claim</translation>
    </message>
    <message>
        <source>经办机构答复</source>
        <translation>Agency&apos;s answer</translation>
    </message>
    <message>
        <source>诊断</source>
        <translation>Diagnosis</translation>
    </message>
    <message>
        <source>销毁记录</source>
        <translation>Disposal record</translation>
    </message>
    <message>
        <source>销毁申请</source>
        <translation>Disposal request</translation>
    </message>
    <message>
        <source>销毁申请病例</source>
        <translation>Case in a disposal request</translation>
    </message>
    <message>
        <source>用人单位</source>
        <translation>Employer</translation>
    </message>
    <message>
        <source>费用明细</source>
        <translation>Fee line</translation>
    </message>
    <message>
        <source>随访</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>工伤</source>
        <translation>Work injury</translation>
    </message>
    <message>
        <source>请假</source>
        <translation>Leave</translation>
    </message>
    <message>
        <source>机构</source>
        <translation>Institution</translation>
    </message>
    <message>
        <source>出具文书</source>
        <translation>Issued document</translation>
    </message>
    <message>
        <source>补签说明</source>
        <translation>Late-signature note</translation>
    </message>
    <message>
        <source>申报汇总表</source>
        <translation>Monthly claim summary</translation>
    </message>
    <message>
        <source>编号计数</source>
        <translation>Number counter</translation>
    </message>
    <message>
        <source>目录外项目知情同意</source>
        <translation>Out-of-scope consent</translation>
    </message>
    <message>
        <source>方案项目</source>
        <translation>Plan item</translation>
    </message>
    <message>
        <source>处方</source>
        <translation>Prescription</translation>
    </message>
    <message>
        <source>病例</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>保管期限</source>
        <translation>Retention</translation>
    </message>
    <message>
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>签名所签记录</source>
        <translation>Signed record</translation>
    </message>
    <message>
        <source>用户</source>
        <translation>User</translation>
    </message>
    <message>
        <source>治疗方案</source>
        <translation>Treatment plan</translation>
    </message>
    <message>
        <source>治疗记录</source>
        <translation>Session</translation>
    </message>
    <message>
        <source>校验锚点</source>
        <translation>Verified anchor</translation>
    </message>
    <message>
        <source>职工</source>
        <translation>Worker</translation>
    </message>
</context>
</TS>
