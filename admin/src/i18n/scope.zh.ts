/** 权限范围内的选择与提示（`app.scope.*`）：区划树、越权筛选、办理中的返贫申请；`scope.en.ts` 与之逐键对应。 */
export const scopeZh = {
  tree: {
    open: '从区划树中选择',
    title: '选择区划',
    label: '区划树',
    search: '搜索区划（名称或代码）',
    searching: '正在搜索…',
    noMatch: '范围内没有匹配的区划',
    more: '只显示前 %{count} 个匹配，请输入更多文字缩小范围',
    empty: '没有下级区划',
    loading: '正在加载下级区划…',
    choose: '选择',
    clear: '清除选择',
    selected: '已选：%{name}',
    help: '方向键移动，右键展开，左键收起，回车选择',
  },
  list: {
    forbidden: '无权查看：筛选的区划不在您的权限范围（%{scope}）内，未显示任何记录。',
    error: '列表未能加载：%{message}',
    clearFilters: '清除筛选',
  },
  pending: {
    title: '返贫申请办理中',
    status: '状态',
    step: '当前环节：%{step}（待%{role}办理，%{due} 前）',
    between: '正在进入下一环节',
    proposed: '%{who} 于 %{at} 提出：%{reason}',
    openTask: '查看当前待办',
    openRequest: '查看返贫申请',
    blocked: '该户已有办理中的返贫申请，办结前不能再次录入',
  },
};
