/** Chinese wording of the county rankings (`app.rankings.*`, resource names); key for key as `rankings.en.ts`. */
export const rankingsZh = {
  title: '%{year} 年贫困县扶贫开发工作成效考核排名（第 %{version} 版）',
  status: { DRAFT: '草稿', NOTICE: '公示中', PUBLISHED: '已公布' },
  sections: { versions: '考核排名各版本', chart: '总分', entries: '各县得分与结果运用' },
  columns: { rank: '名次', county: '县（市、区）', total: '总分', notes: '说明', results: '结果运用' },
  groups: { REDUCTION: '减贫成效', ACCURACY: '精准识别精准退出', ASSISTANCE: '精准帮扶', FUNDS: '扶贫资金', SPECIAL: '专项工作' },
  results: { reward: '给予奖励', interview: '约谈', excellenceBlocked: '不能评先评优', accountability: '责任追究' },
  line: { indicator: '指标', group: '类别', value: '数值', source: '来源', points: '得分', formula: '计分过程' },
  totalFormula: '总分计算',
  late: '迟报（扣 %{penalty} 分）',
  missing: '缺 %{smart_count} 项数据',
  showLines: '展开 %{county} 的指标明细',
  hideLines: '收起 %{county} 的指标明细',
};

export const rankingResourcesZh = {
  rankings: {
    name: '考核排名',
    fields: {
      year: '年度',
      version: '版本',
      status: '状态',
      cycleId: '考核周期',
      counties: '县数',
      first: '第一名',
      publishedAt: '公布时间',
      createdAt: '生成时间',
    },
  },
};
