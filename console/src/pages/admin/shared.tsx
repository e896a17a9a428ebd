import { useMutation } from '@tanstack/react-query';
import { Alert, Form, Modal, Space } from 'antd';
import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import type { FieldErrors } from '../../problem.ts';
import { useRefusals } from '../../refusals.ts';
import { admin as t } from '../../strings/admin.ts';
import { zh } from '../../strings.ts';

/** 单位与用户 | 节假日 | 考核方案 | 预算规则, above every page of the area. */
export function AdminNav() {
  return (
    <nav aria-label={zh.areas.admin} style={{ marginBottom: 8 }}>
      <Space size="large">
        <NavLink to="/admin" end>
          {t.nav.units}
        </NavLink>
        <NavLink to="/admin/calendar">{t.nav.calendar}</NavLink>
        <NavLink to="/admin/scheme">{t.nav.scheme}</NavLink>
        <NavLink to="/admin/rules">{t.nav.rules}</NavLink>
      </Space>
    </nav>
  );
}

/**
 * A form in a dialog that sends its values to the API: on a refusal each field error stands beside
 * its field (problem.ts), the rest above the form; on success the dialog closes. `arrange` may move
 * errors onto the fields the form has (a list typed in one box, say).
 */
export function FormModal<V extends object, A>(props: {
  title: string;
  okText: string;
  fields: readonly string[];
  initialValues?: Partial<V>;
  send: (values: V) => Promise<A>;
  onDone: (answer: A) => void;
  onClose: () => void;
  arrange?: (errors: FieldErrors) => FieldErrors;
  testId?: string;
  children: ReactNode;
}) {
  const [form] = Form.useForm<V>();
  const refusals = useRefusals(
    form,
    props.fields.map((name) => [name]),
    props.arrange,
  );
  const submit = useMutation({ mutationFn: props.send, onSuccess: props.onDone, onError: refusals.show });
  return (
    <Modal
      open
      title={props.title}
      okText={props.okText}
      cancelText={t.cancel}
      confirmLoading={submit.isPending}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
      width={640}
    >
      {refusals.general.length ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={refusals.general.join('；')} />
      ) : null}
      <Form<V>
        form={form}
        layout="vertical"
        data-testid={props.testId}
        initialValues={props.initialValues}
        onFinish={(values) => submit.mutate(values)}
      >
        {props.children}
      </Form>
    </Modal>
  );
}
