import type { components } from '@govshare/client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Row,
  Segmented,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { answerOf } from '../../api.ts';
import { TAG_COLOR } from '../../colors.ts';
import { cstDateTime } from '../../format.ts';
import type { FieldErrors } from '../../problem.ts';
import { useSession } from '../../session.tsx';
import { admin as t } from '../../strings/admin.ts';
import { zh } from '../../strings.ts';
import { AdminNav, FormModal } from './shared.tsx';

type CalendarYear = components['schemas']['CalendarYear'];
type Marks = { holidays: Set<string>; makeUp: Set<string> };

const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const FIELDS = ['notice', 'holidays', 'makeUpWorkdays', 'version'];
const pad = (n: number) => String(n).padStart(2, '0');
/** The weekday of a calendar date, Monday 0 … Sunday 6 (a date, not an instant: no time zone). */
const mondayFirst = (year: number, month: number, day: number) =>
  (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const weekdayOf = (day: string) => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return t.calendar.weekdays[mondayFirst(y, m, d)];
};

function DayMark({ day, marks }: { day: string; marks: Marks }) {
  if (marks.holidays.has(day)) return <Tag color={TAG_COLOR.red}>{t.calendar.holiday}</Tag>;
  if (marks.makeUp.has(day)) return <Tag color={TAG_COLOR.orange}>{t.calendar.makeUp}</Tag>;
  return null;
}

/** One month as a table, Monday first: a holiday on a solid red ground, a make-up working day on orange. */
function MonthGrid({ year, month, marks }: { year: number; month: number; marks: Marks }) {
  const lead = mondayFirst(year, month, 1);
  const length = daysIn(year, month);
  // Each cell keyed by its place in the month's weeks: a blank before the 1st or after the last day.
  const cells = Array.from({ length: Math.ceil((lead + length) / 7) * 7 }, (_, place) => {
    const n = place - lead + 1;
    return n >= 1 && n <= length ? { place, n, day: `${year}-${pad(month)}-${pad(n)}` } : { place };
  });
  const weeks: (typeof cells)[] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const markOf = (day: string) =>
    marks.holidays.has(day) ? 'holiday' : marks.makeUp.has(day) ? 'make-up' : undefined;
  return (
    <table style={{ width: '100%', borderCollapse: 'collapse', textAlign: 'center' }}>
      <caption style={{ fontWeight: 600, textAlign: 'left', paddingBottom: 4 }}>
        {t.calendar.month(month)}
      </caption>
      <thead>
        <tr>
          {t.calendar.weekdays.map((name) => (
            <th key={name} scope="col" style={{ fontWeight: 400 }}>
              {name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week[0]?.place}>
            {week.map((cell) => {
              if (!('day' in cell) || !cell.day) return <td key={cell.place} />;
              const mark = markOf(cell.day);
              const words = mark === 'holiday' ? t.calendar.holiday : mark ? t.calendar.makeUp : undefined;
              return (
                <td
                  key={cell.place}
                  data-day={cell.day}
                  data-mark={mark}
                  title={words}
                  style={{
                    padding: 2,
                    borderRadius: 4,
                    ...(mark
                      ? { color: '#fff', background: mark === 'holiday' ? TAG_COLOR.red : TAG_COLOR.orange }
                      : {}),
                  }}
                >
                  {cell.n}
                  {words ? <span style={{ position: 'absolute', left: -9999 }}>{words}</span> : null}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The year's holidays and make-up days in date order, each with its weekday. */
function DayList({ year, marks }: { year: CalendarYear; marks: Marks }) {
  const days = [...year.holidays, ...year.makeUpWorkdays].sort();
  return (
    <Table
      data-testid="calendar-list"
      size="small"
      rowKey={(day) => day}
      dataSource={days}
      pagination={false}
      columns={[
        { title: t.calendar.date, render: (_, day) => day },
        { title: '', width: 80, render: (_, day) => `星期${weekdayOf(day)}` },
        { title: '', width: 120, render: (_, day) => <DayMark day={day} marks={marks} /> },
      ]}
    />
  );
}

/** Lines of a textarea as the list of days the API takes. */
const daysOf = (text: string | undefined) =>
  (text ?? '')
    .split(/[\s,，、]+/)
    .map((day) => day.trim())
    .filter(Boolean);

/** The API names a bad day by its index (body.holidays.3): the form has one box per list, so the line is named in the message. */
const onTheBoxes = ({ fields, general }: FieldErrors): FieldErrors => ({
  fields: fields.map(({ name, errors }) =>
    name.length > 1
      ? { name: [name[0] as string], errors: errors.map((e) => `第 ${Number(name[1]) + 1} 个日期：${e}`) }
      : { name, errors },
  ),
  general,
});

interface YearForm {
  notice: string;
  holidays: string;
  makeUpWorkdays: string;
}

/**
 * 节假日: the working-day calendar year by year (the State Council's notice, its holidays and
 * make-up working days), as a month grid or a list; the admin enters or replaces a year (PUT),
 * its refusals beside the fields.
 */
export function CalendarPage() {
  const { client } = useSession();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [view, setView] = useState<'grid' | 'list'>('grid');
  const [editing, setEditing] = useState(false);
  const status = useQuery({ queryKey: ['calendar'], queryFn: () => answerOf(client.GET('/v1/calendar')) });
  const years = useQuery({
    queryKey: ['calendar-years'],
    queryFn: () => answerOf(client.GET('/v1/calendar/years')),
  });
  const held = (years.data?.items ?? []).map((y) => y.year);
  const thisYear = status.data ? Number(status.data.today.slice(0, 4)) : undefined;
  const fallback = thisYear !== undefined && held.includes(thisYear) ? thisYear : held.at(-1);
  const chosen = Number(params.get('year')) || fallback;
  const isHeld = chosen !== undefined && held.includes(chosen);
  const year = useQuery({
    queryKey: ['calendar-year', chosen],
    enabled: isHeld,
    queryFn: () =>
      answerOf(client.GET('/v1/calendar/years/{year}', { params: { path: { year: String(chosen) } } })),
  });
  const error = status.error ?? years.error ?? year.error;
  if (error) return <Alert type="error" showIcon title={zh.loadFailed} description={error.message} />;
  if (!status.data || !years.data) return <Spin />;
  const next = (held.at(-1) ?? thisYear ?? 2000) + 1;
  const marks: Marks = {
    holidays: new Set(year.data?.holidays ?? []),
    makeUp: new Set(year.data?.makeUpWorkdays ?? []),
  };
  return (
    <>
      <AdminNav />
      <Typography.Title level={3}>{t.calendar.title}</Typography.Title>
      {status.data.warning ? (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={status.data.warning} />
      ) : null}
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          aria-label={t.calendar.year}
          style={{ width: 120 }}
          value={chosen}
          options={[...held, ...(chosen !== undefined && !isHeld ? [chosen] : [])].map((y) => ({
            value: y,
            label: `${y} 年`,
          }))}
          onChange={(value) => setParams({ year: String(value) })}
        />
        <Segmented
          aria-label={t.calendar.title}
          value={view}
          options={(['grid', 'list'] as const).map((v) => ({ value: v, label: t.calendar.view[v] }))}
          onChange={(value) => setView(value as 'grid' | 'list')}
        />
        {isHeld ? <Button onClick={() => setEditing(true)}>{t.calendar.edit}</Button> : null}
        <Button
          onClick={() => {
            setParams({ year: String(next) });
            setEditing(true);
          }}
        >
          {t.calendar.enter(next)}
        </Button>
        {status.data.endsOn && status.data.daysLeft !== null ? (
          <Typography.Text type="secondary">
            {t.calendar.ends(status.data.endsOn, status.data.daysLeft)}
          </Typography.Text>
        ) : null}
      </Space>
      {chosen !== undefined && !isHeld ? (
        <Alert type="info" showIcon title={t.calendar.missing(chosen)} />
      ) : null}
      {year.data ? (
        <Card
          data-testid="calendar-year"
          title={`${year.data.year} 年 · ${year.data.notice}`}
          extra={
            <Typography.Text type="secondary">
              {t.calendar.version(year.data.version, cstDateTime(year.data.updatedAt), year.data.updatedBy)}
            </Typography.Text>
          }
        >
          <Typography.Paragraph data-testid="calendar-counts">
            {t.calendar.counts(year.data.holidays.length, year.data.makeUpWorkdays.length)}
          </Typography.Paragraph>
          {view === 'grid' ? (
            <Row gutter={[24, 16]}>
              {MONTHS.map((month) => (
                <Col key={month} xs={24} sm={12} md={8} xl={6}>
                  <MonthGrid year={year.data.year} month={month} marks={marks} />
                </Col>
              ))}
            </Row>
          ) : (
            <DayList year={year.data} marks={marks} />
          )}
        </Card>
      ) : isHeld ? (
        <Spin />
      ) : null}
      {editing && chosen !== undefined ? (
        <FormModal<YearForm, CalendarYear>
          title={isHeld ? `${t.calendar.edit}（${chosen} 年）` : t.calendar.enter(chosen)}
          okText={t.save}
          testId="calendar-form"
          fields={FIELDS}
          arrange={onTheBoxes}
          initialValues={{
            notice: year.data?.notice ?? '',
            holidays: (year.data?.holidays ?? []).join('\n'),
            makeUpWorkdays: (year.data?.makeUpWorkdays ?? []).join('\n'),
          }}
          send={(values) =>
            answerOf(
              client.PUT('/v1/calendar/years/{year}', {
                params: { path: { year: String(chosen) } },
                body: {
                  notice: values.notice,
                  holidays: daysOf(values.holidays),
                  makeUpWorkdays: daysOf(values.makeUpWorkdays),
                  ...(isHeld && year.data ? { version: year.data.version } : {}),
                },
              }),
            )
          }
          onDone={(saved) => {
            message.success(t.calendar.saved(saved.year));
            setEditing(false);
            queries.setQueryData(['calendar-year', saved.year], saved);
            queries.invalidateQueries({ queryKey: ['calendar-years'] });
            queries.invalidateQueries({ queryKey: ['calendar'] });
          }}
          onClose={() => setEditing(false)}
        >
          <Form.Item name="notice" label={t.calendar.notice}>
            <Input maxLength={200} placeholder="国办发明电〔2025〕7号" />
          </Form.Item>
          <Form.Item name="holidays" label={t.calendar.holidays} extra={t.calendar.daysHint}>
            <Input.TextArea rows={8} />
          </Form.Item>
          <Form.Item name="makeUpWorkdays" label={t.calendar.makeUpWorkdays} extra={t.calendar.daysHint}>
            <Input.TextArea rows={4} />
          </Form.Item>
        </FormModal>
      ) : null}
    </>
  );
}
